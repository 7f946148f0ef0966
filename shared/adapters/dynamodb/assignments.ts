import type { AssignmentLookup } from "#shared/domain/access/access-policy";
import type { SingleTable } from "./table.ts";

/** The platform item that says a reviewer may work on a tenant. */
export const ASSIGNMENT_ENTITY = "ASSIGNMENT";

export function assignmentId(reviewerId: string, tenantId: string): string {
  return `${reviewerId}:${tenantId}`;
}

/**
 * Reviewer assignments as the handler kit asks for them: one strongly consistent key lookup, so an
 * assignment removed a moment ago is already refused.
 */
export function assignmentLookup(table: SingleTable): AssignmentLookup {
  return async (reviewerId, tenantId) =>
    (await table
      .platform()
      .get(ASSIGNMENT_ENTITY, assignmentId(reviewerId, tenantId), { consistent: true })) !== undefined;
}
