/**
 * Who may do what: the platform's roles, and what a route requires of its caller — a role and where
 * the tenant it acts on comes from. The route declaration speaks this vocabulary, and the access
 * policy (`access-policy.ts`) decides with it.
 */
/** Roles that belong to one tenant. */
export const TENANT_ROLES = ["member", "admin"] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];
/** Roles of platform staff: they hold no tenant of their own. */
export const STAFF_ROLES = ["reviewer", "super_admin"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const ROLES = [...TENANT_ROLES, ...STAFF_ROLES] as const;
export type Role = TenantRole | StaffRole;

/** Whether a role is one of a tenant's own (not platform staff). */
export function isTenantRole(role: Role): role is TenantRole {
  return (TENANT_ROLES as readonly Role[]).includes(role);
}

/**
 * The role a route requires. `admin` is also satisfied by nothing else; `member` by `admin` too;
 * `reviewer` by `super_admin` too; `any` by every signed-in principal. Tenant and staff roles never
 * satisfy each other.
 */
export type RequiredRole = Role | "any";

/**
 * Where a route's tenant comes from.
 * - `token`: the tenant claim of a tenant user's token (staff have none, so they are refused).
 * - `path`: a path parameter. A tenant user may name only their own tenant, a reviewer only a tenant
 *   assigned to them, a super-admin any tenant.
 * - `none`: the route is not about one tenant.
 */
export type TenantSource = { from: "token" } | { from: "path"; param: string } | { from: "none" };

export interface RouteAccess {
  role: RequiredRole;
  tenant: TenantSource;
}
