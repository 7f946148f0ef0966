import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { RequiredRole, Role, StaffRole, TenantRole } from "./roles.ts";

/** A signed-in user of one tenant. */
export interface TenantPrincipal {
  kind: "tenant";
  userId: string;
  role: TenantRole;
  tenantId: TenantId;
  jti: string;
  /** The session the token was issued in (absent for tokens from before sessions existed). */
  sid?: string;
}

/** Platform staff: no tenant of their own. */
export interface StaffPrincipal {
  kind: "staff";
  userId: string;
  role: StaffRole;
  jti: string;
  /** The session the token was issued in. */
  sid?: string;
}

export type Principal = TenantPrincipal | StaffPrincipal;

/** Whether `actual` satisfies the route's required role. */
export function roleSatisfies(actual: Role, required: RequiredRole): boolean {
  switch (required) {
    case "any":
      return true;
    case "member":
      return actual === "member" || actual === "admin";
    case "admin":
      return actual === "admin";
    case "reviewer":
      return actual === "reviewer" || actual === "super_admin";
    case "super_admin":
      return actual === "super_admin";
  }
}
