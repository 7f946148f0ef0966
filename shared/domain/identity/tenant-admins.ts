import type { Role } from "#shared/domain/access/roles";
import { LastAdminError } from "./errors.ts";

/**
 * A change to one user of a tenant, as the admin count sees it: the role before (none for a new
 * user) and after (none for a removal).
 */
export interface MembershipChange {
  from?: Role;
  to?: Role;
}

/**
 * The last-admin rule: a tenant that has an admin keeps at least one. Given the tenant's admin count
 * and a change to one of its users, answers the count after the change, or throws `LastAdminError`
 * when the change would take the count below one. A tenant created without users (count 0) may
 * still gain members: only a change that lowers the count is judged.
 *
 * The repository writes the new count on the version of the profile it read the count from, so two
 * concurrent demotions cannot both pass this check.
 */
export function adminCountAfter(admins: number, change: MembershipChange): number {
  const after = admins + (change.to === "admin" ? 1 : 0) - (change.from === "admin" ? 1 : 0);
  if (after < admins && after < 1) throw new LastAdminError();
  return after;
}
