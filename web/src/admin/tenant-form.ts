/** Reading the admin pages' forms into the bodies their routes take. */
import type { BodyOf } from "../api/routes.ts";

export type NewTenant = BodyOf<"POST /api/admin/v1/tenants">;
export type CreditGrant = BodyOf<"POST /api/admin/v1/tenants/{tenantId}/credits">;

/**
 * A new tenant, with its first admin when either of the admin's fields is filled (both are then sent,
 * so a missing one is refused next to its field rather than silently dropped).
 */
export function newTenantBody(values: Record<string, string | undefined>): NewTenant {
  const name = (values.name ?? "").trim();
  const adminName = (values.adminName ?? "").trim();
  const adminEmail = (values.adminEmail ?? "").trim();
  if (!adminName && !adminEmail) return { name };
  return { name, admin: { name: adminName, email: adminEmail } };
}

/**
 * A grant of credits. JSON has no `NaN`, so an empty or non-whole amount is sent as 0, which the route
 * refuses next to the amount field.
 */
export function creditGrantBody(values: Record<string, string | undefined>): CreditGrant {
  const amount = Number((values.amount ?? "").trim());
  return { amount: Number.isInteger(amount) ? amount : 0, reason: (values.reason ?? "").trim() };
}
