import { describe, expect, it } from "vitest";
import { ValidationError } from "#shared/domain/errors";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { decideRouteAccess, decideTenant } from "./access-policy.ts";
import type { Principal } from "./principal.ts";
import type { RouteAccess } from "./roles.ts";

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

describe("decideRouteAccess (token and route only: cacheable)", () => {
  it("lets an admin through a member route but not a member through an admin route", () => {
    expect(decideRouteAccess(admin, byToken("member"))).toEqual({ allow: true });
    expect(decideRouteAccess(member, byToken("admin"))).toEqual({ allow: false, reason: "role" });
  });

  it("never lets staff satisfy a tenant role or a tenant user satisfy a staff role", () => {
    expect(decideRouteAccess(superAdmin, byToken("member")).allow).toBe(false);
    expect(decideRouteAccess(admin, byPath("reviewer")).allow).toBe(false);
  });

  it("refuses staff on a route whose tenant comes from the token", () => {
    expect(decideRouteAccess(superAdmin, byToken("any"))).toEqual({ allow: false, reason: "tenant-claim" });
  });
});

describe("decideTenant (per request: depends on the path)", () => {
  it("keeps a tenant user to their own tenant in the path", async () => {
    expect(await decideTenant(member, byPath("member"), { tenantId: "tA" }, assigned)).toEqual({
      allow: true,
      tenantId: "tA",
    });
    expect(await decideTenant(member, byPath("member"), { tenantId: "tB" }, assigned)).toEqual({
      allow: false,
      reason: "tenant-mismatch",
    });
  });

  it("lets a reviewer reach only assigned tenants, and a super-admin any", async () => {
    expect((await decideTenant(reviewer, byPath("reviewer"), { tenantId: "tA" }, assigned)).allow).toBe(true);
    expect(await decideTenant(reviewer, byPath("reviewer"), { tenantId: "tB" }, assigned)).toEqual({
      allow: false,
      reason: "not-assigned",
    });
    expect(await decideTenant(superAdmin, byPath("reviewer"), { tenantId: "tB" }, assigned)).toEqual({
      allow: true,
      tenantId: "tB",
    });
  });

  it("takes a token tenant from the claim and refuses a malformed path tenant before any lookup", async () => {
    expect(await decideTenant(member, byToken("member"), {}, assigned)).toEqual({
      allow: true,
      tenantId: "tA",
    });
    const lookup = async () => {
      throw new Error("must not be called");
    };
    expect(await decideTenant(reviewer, byPath("reviewer"), { tenantId: "a#b" }, lookup)).toEqual({
      allow: false,
      reason: "bad-tenant-param",
    });
  });

  it("answers a super-admin's malformed path tenant as bad input, since any tenant is theirs to name", async () => {
    const lookup = async () => {
      throw new Error("must not be called");
    };
    await expect(
      decideTenant(superAdmin, byPath("super_admin"), { tenantId: "bad.id" }, lookup),
    ).rejects.toThrow(ValidationError);
    await expect(decideTenant(superAdmin, byPath("super_admin"), {}, lookup)).rejects.toThrow(
      ValidationError,
    );
  });
});
