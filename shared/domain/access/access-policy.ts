import { isTenantId, parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import { type Principal, roleSatisfies } from "./principal.ts";
import type { RouteAccess } from "./roles.ts";

export type RouteDecision = { allow: true } | { allow: false; reason: "role" | "tenant-claim" };

export type TenantDecision =
  | { allow: true; tenantId: TenantId }
  | { allow: false; reason: "tenant-mismatch" | "not-assigned" | "bad-tenant-param" };

/** Answers whether a reviewer is assigned to a tenant. */
export type AssignmentLookup = (reviewerId: string, tenantId: string) => Promise<boolean>;

/**
 * The half of a route's access rule that depends only on the token and the route, so an answer may
 * be cached under (token, route key) — the authorizer decides it:
 * 1. the principal's role must satisfy the declared role;
 * 2. a route whose tenant comes from the token needs a tenant user (staff hold no tenant).
 */
export function decideRouteAccess(principal: Principal, access: RouteAccess): RouteDecision {
  if (!roleSatisfies(principal.role, access.role)) return { allow: false, reason: "role" };
  if (access.tenant.from === "token" && principal.kind !== "tenant")
    return { allow: false, reason: "tenant-claim" };
  return { allow: true };
}

/**
 * The half that depends on the request's path, so it is decided per request (by the handler kit),
 * never cached: a `path` tenant must be the tenant user's own, a tenant assigned to the reviewer, or
 * any tenant for a super-admin. A `token` tenant is the user's claim; `none` has no tenant.
 */
export async function decideTenant(
  principal: Principal,
  access: RouteAccess,
  pathParameters: Readonly<Record<string, string | undefined>>,
  isAssigned: AssignmentLookup,
): Promise<TenantDecision | { allow: true; tenantId?: undefined }> {
  const tenant = access.tenant;
  switch (tenant.from) {
    case "none":
      return { allow: true };
    case "token":
      return principal.kind === "tenant"
        ? { allow: true, tenantId: principal.tenantId }
        : { allow: false, reason: "tenant-mismatch" };
    case "path": {
      const raw = pathParameters[tenant.param];
      // A super-admin may name any tenant, so a malformed one is only bad input (400, from
      // `parseTenantId`); anyone else is refused before learning how their input would be judged.
      if (principal.kind === "staff" && principal.role === "super_admin") {
        return { allow: true, tenantId: parseTenantId(raw) };
      }
      if (!isTenantId(raw)) return { allow: false, reason: "bad-tenant-param" };
      const requested = raw;
      if (principal.kind === "tenant") {
        return principal.tenantId === requested
          ? { allow: true, tenantId: requested }
          : { allow: false, reason: "tenant-mismatch" };
      }
      return (await isAssigned(principal.userId, requested))
        ? { allow: true, tenantId: requested }
        : { allow: false, reason: "not-assigned" };
    }
  }
}
