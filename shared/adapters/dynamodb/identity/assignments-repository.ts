import type { AssignmentLookup } from "#shared/domain/access/access-policy";
import { AlreadyExistsError, NotFoundError } from "#shared/domain/errors";
import { NotAReviewerError } from "#shared/domain/identity/errors";
import type {
  AssignedTenants,
  AssignmentRecord,
  ReviewerAssignmentRepository,
} from "#shared/domain/identity/ports";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import { createConnectionRepository } from "../realtime/connection-repository.ts";
import type { SingleTable } from "../table.ts";
import { IDENTITY_ENTITIES, readUser, TENANT_PROFILE_ID, tenantNotFound } from "./items.ts";

function assignmentId(reviewerId: string, tenantId: string): string {
  return `${reviewerId}:${tenantId}`;
}

/** The index partition of a tenant's reviewer assignments (gsi1, platform scope). */
function tenantReviewersPartition(tenantId: TenantId): string {
  return `ASSIGN_TENANT#${tenantId}`;
}

/** The index partition of a reviewer's assignments (gsi2, platform scope). */
function reviewerTenantsPartition(reviewerId: string): string {
  return `ASSIGN_REVIEWER#${reviewerId}`;
}

const reviewerNotFound = () => new NotFoundError("Reviewer not found");

/**
 * Reviewer assignments as the handler kit asks for them: one strongly consistent key lookup, so an
 * assignment removed a moment ago is already refused.
 */
export function assignmentLookup(table: SingleTable): AssignmentLookup {
  return async (reviewerId, tenantId) =>
    (await table
      .platform()
      .get(IDENTITY_ENTITIES.assignment, assignmentId(reviewerId, tenantId), { consistent: true })) !==
    undefined;
}

/** Every tenant a reviewer is assigned to (an index, eventually consistent; the kit checks each request). */
export function assignedTenants(table: SingleTable): AssignedTenants {
  return async (reviewerId) => {
    const tenants: TenantId[] = [];
    let cursor: string | undefined;
    do {
      const page = await table
        .platform()
        .listByIndex<AssignmentRecord>("gsi2", reviewerTenantsPartition(reviewerId), {
          limit: 100,
          ...(cursor ? { cursor } : {}),
        });
      tenants.push(...page.items.map((a) => parseTenantId(a.tenantId)));
      cursor = page.nextCursor;
    } while (cursor);
    return tenants;
  };
}

/** Reviewer assignments: one `ASSIGNMENT` item each, listed per tenant on gsi1; see `items.ts`. */
export function createAssignmentsRepository(table: SingleTable): ReviewerAssignmentRepository {
  const platform = () => table.platform();
  return {
    /** Writes the assignment only while the reviewer and the tenant exist, in one transaction. */
    async assign(reviewerId, tenantId) {
      const reviewer = await readUser(table, reviewerId);
      if (!reviewer) throw reviewerNotFound();
      if (reviewer.role !== "reviewer") throw new NotAReviewerError();
      try {
        await table.transact([
          platform().createOp<AssignmentRecord>(
            IDENTITY_ENTITIES.assignment,
            assignmentId(reviewerId, tenantId),
            { reviewerId, tenantId },
            {
              indexes: {
                gsi1: { pk: tenantReviewersPartition(tenantId), sk: reviewerId },
                gsi2: { pk: reviewerTenantsPartition(reviewerId), sk: tenantId },
              },
            },
          ),
          platform().requireOp(IDENTITY_ENTITIES.user, reviewerId, reviewerNotFound),
          table
            .forTenant(tenantId)
            .requireOp(IDENTITY_ENTITIES.tenantProfile, TENANT_PROFILE_ID, tenantNotFound),
        ]);
        return { created: true };
      } catch (error) {
        if (error instanceof AlreadyExistsError) return { created: false };
        throw error;
      }
    },

    /**
     * The reviewer's very next request about the tenant is refused (the kit reads consistently), and
     * their open sockets stop hearing the tenant's events: their connection records under it go too.
     */
    async unassign(reviewerId, tenantId) {
      await table.transact([
        {
          ...platform().deleteOp(IDENTITY_ENTITIES.assignment, assignmentId(reviewerId, tenantId)),
          onConditionFailed: () => new NotFoundError("This reviewer is not assigned to this tenant"),
        },
      ]);
      await createConnectionRepository(table).removeUserFromTenant(reviewerId, tenantId);
    },

    /** A page of the tenant's assignments (an index, eventually consistent), by reviewer id. */
    list: (tenantId, options) =>
      platform().listByIndex<AssignmentRecord>("gsi1", tenantReviewersPartition(tenantId), options),
  };
}
