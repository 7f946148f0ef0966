import type { RouteAccess } from "#shared/platform/declaration/types";
import { type Principal, roleSatisfies } from "./principal.ts";

export type AccessDecision =
  | { allow: true; scopeTenantId?: string }
  | {
      allow: false;
      reason: "role" | "tenant-claim" | "tenant-mismatch" | "not-assigned" | "bad-tenant-param";
    };

/** Answers whether a reviewer is assigned to a tenant. */
export type AssignmentLookup = (reviewerId: string, tenantId: string) => Promise<boolean>;

/**
 * The route-level access rule, decided once for every route from its declaration:
 * 1. the principal's role must satisfy the declared role;
 * 2. a `token` tenant is the tenant user's own claim;
 * 3. a `path` tenant must be the user's own tenant, a reviewer's assigned tenant, or any for a super-admin.
 */
export async function decideAccess(
  principal: Principal,
  access: RouteAccess,
  pathParameters: Readonly<Record<string, string | undefined>>,
  isAssigned: AssignmentLookup,
): Promise<AccessDecision> {
  if (!roleSatisfies(principal.role, access.role)) return { allow: false, reason: "role" };
  const tenant = access.tenant;
  switch (tenant.from) {
    case "none":
      return { allow: true };
    case "token":
      return principal.kind === "tenant"
        ? { allow: true, scopeTenantId: principal.tenantId }
        : { allow: false, reason: "tenant-claim" };
    case "path": {
      const requested = pathParameters[tenant.param];
      if (!requested || !/^[A-Za-z0-9_-]{1,64}$/.test(requested))
        return { allow: false, reason: "bad-tenant-param" };
      if (principal.kind === "tenant") {
        return principal.tenantId === requested
          ? { allow: true, scopeTenantId: requested }
          : { allow: false, reason: "tenant-mismatch" };
      }
      if (principal.role === "super_admin") return { allow: true, scopeTenantId: requested };
      return (await isAssigned(principal.userId, requested))
        ? { allow: true, scopeTenantId: requested }
        : { allow: false, reason: "not-assigned" };
    }
  }
}
