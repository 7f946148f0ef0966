import type { RunRepository } from "#shared/domain/agents/ports";
import type { ReviewQueue } from "#shared/domain/content/ports";
import type { ReviewDeps } from "#shared/domain/content/review";
import type { AssignedTenants, TenantExists, TenantNames, UserNames } from "#shared/domain/identity/ports";

/** What the content routes need; built once per cold start in `handler.ts`. */
export interface ContentDeps extends ReviewDeps {
  queue: ReviewQueue;
  assignedTenants: AssignedTenants;
  /** The names the queue shows beside each tenant's items. */
  tenantNames: TenantNames;
  /** The names of the people who wrote versions and comments. */
  userNames: UserNames;
  /** A super-admin's path names a tenant by id: the policy routes answer 404 for one that does not exist. */
  tenantExists: TenantExists;
  /** The run behind an item, for the reviewer's view of its brief. */
  runs: Pick<RunRepository, "get">;
  /** A new comment's id (a ULID). */
  newId: () => string;
}
