import { describe, expect, it } from "vitest";
import { LastAdminError } from "./errors.ts";
import { adminCountAfter } from "./tenant-admins.ts";

describe("adminCountAfter", () => {
  it("counts an invited admin, and leaves the count alone for an invited member", () => {
    expect(adminCountAfter(1, { to: "admin" })).toBe(2);
    expect(adminCountAfter(1, { to: "member" })).toBe(1);
  });

  it("lets a tenant created without users gain its first member or admin", () => {
    expect(adminCountAfter(0, { to: "member" })).toBe(0);
    expect(adminCountAfter(0, { to: "admin" })).toBe(1);
  });

  it("demotes or removes an admin while another admin remains", () => {
    expect(adminCountAfter(2, { from: "admin", to: "member" })).toBe(1);
    expect(adminCountAfter(2, { from: "admin" })).toBe(1);
  });

  it("refuses to demote or remove the last admin", () => {
    expect(() => adminCountAfter(1, { from: "admin", to: "member" })).toThrow(LastAdminError);
    expect(() => adminCountAfter(1, { from: "admin" })).toThrow(LastAdminError);
  });

  it("promotes a member, and removes a member without touching the count", () => {
    expect(adminCountAfter(1, { from: "member", to: "admin" })).toBe(2);
    expect(adminCountAfter(1, { from: "member" })).toBe(1);
  });

  it("changes nothing when the role stays", () => {
    expect(adminCountAfter(1, { from: "admin", to: "admin" })).toBe(1);
  });
});
