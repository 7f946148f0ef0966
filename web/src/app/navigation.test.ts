import { describe, expect, it } from "vitest";
import { homeOf, navigationOf } from "./navigation.ts";

const paths = (role: Parameters<typeof navigationOf>[0]["role"]) =>
  navigationOf({ role }).flatMap((section) => section.items.map((item) => item.to));

describe("navigation", () => {
  it("lands each role on its own home", () => {
    expect(homeOf({ role: "member" })).toBe("/app");
    expect(homeOf({ role: "admin" })).toBe("/app");
    expect(homeOf({ role: "reviewer" })).toBe("/review");
    expect(homeOf({ role: "super_admin" })).toBe("/admin/tenants");
  });

  it("shows tenant administration to tenant admins only", () => {
    expect(paths("admin")).toContain("/app/users");
    expect(paths("member")).not.toContain("/app/users");
    expect(paths("member")).toContain("/app/content");
  });

  it("never shows a role another role's area", () => {
    expect(paths("reviewer").every((path) => path.startsWith("/review"))).toBe(true);
    expect(paths("member").every((path) => path.startsWith("/app"))).toBe(true);
    expect(paths("super_admin")).toContain("/admin/operations");
  });
});
