import { describe, expect, it } from "vitest";
import type { RouteAccess } from "#shared/platform/declaration/types";
import { parseTenantId } from "#shared/platform/tenant-id";
import { decideAccess } from "./access-policy.ts";
import type { Principal } from "./principal.ts";

const member: Principal = {
  kind: "tenant",
  userId: "u1",
  role: "member",
  jti: "j",
  tenantId: parseTenantId("tA"),
};
const admin: Principal = { ...member, role: "admin" };
const reviewer: Principal = { kind: "staff", userId: "r1", role: "reviewer", jti: "j" };
const superAdmin: Principal = { kind: "staff", userId: "s1", role: "super_admin", jti: "j" };
const assigned = async (reviewerId: string, tenantId: string) => reviewerId === "r1" && tenantId === "tA";

const byPath = (role: RouteAccess["role"]): RouteAccess => ({
  role,
  tenant: { from: "path", param: "tenantId" },
});
const byToken = (role: RouteAccess["role"]): RouteAccess => ({ role, tenant: { from: "token" } });

describe("decideAccess", () => {
  it("lets an admin through a member route but not a member through an admin route", async () => {
    expect(await decideAccess(admin, byToken("member"), {}, assigned)).toEqual({
      allow: true,
      scopeTenantId: "tA",
    });
    expect(await decideAccess(member, byToken("admin"), {}, assigned)).toEqual({
      allow: false,
      reason: "role",
    });
  });

  it("never lets staff satisfy a tenant role or a tenant user satisfy a staff role", async () => {
    expect((await decideAccess(superAdmin, byToken("member"), {}, assigned)).allow).toBe(false);
    expect((await decideAccess(admin, byPath("reviewer"), { tenantId: "tA" }, assigned)).allow).toBe(false);
  });

  it("keeps a tenant user to their own tenant in the path", async () => {
    expect(await decideAccess(member, byPath("member"), { tenantId: "tA" }, assigned)).toEqual({
      allow: true,
      scopeTenantId: "tA",
    });
    expect(await decideAccess(member, byPath("member"), { tenantId: "tB" }, assigned)).toEqual({
      allow: false,
      reason: "tenant-mismatch",
    });
  });

  it("lets a reviewer reach only assigned tenants, and a super-admin any", async () => {
    expect((await decideAccess(reviewer, byPath("reviewer"), { tenantId: "tA" }, assigned)).allow).toBe(true);
    expect(await decideAccess(reviewer, byPath("reviewer"), { tenantId: "tB" }, assigned)).toEqual({
      allow: false,
      reason: "not-assigned",
    });
    expect(await decideAccess(superAdmin, byPath("reviewer"), { tenantId: "tB" }, assigned)).toEqual({
      allow: true,
      scopeTenantId: "tB",
    });
  });

  it("refuses a malformed tenant path parameter before any lookup", async () => {
    const lookup = async () => {
      throw new Error("must not be called");
    };
    expect(await decideAccess(reviewer, byPath("reviewer"), { tenantId: "a#b" }, lookup)).toEqual({
      allow: false,
      reason: "bad-tenant-param",
    });
  });
});
