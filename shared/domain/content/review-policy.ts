/**
 * Setting a tenant's review policy: its admins choose, unless a super-admin set it and locked it;
 * a super-admin may always set it (and lock or unlock it). Items already waiting keep their place:
 * the policy decides where the next decision leads.
 */
import type { Acting } from "#shared/domain/audit/audit-entry";
import type { AuditLog } from "#shared/domain/audit/ports";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { ReviewPolicy } from "./content-status.ts";
import { ReviewPolicyLockedError } from "./errors.ts";
import type { ReviewPolicyRepository, ReviewPolicySetting } from "./ports.ts";

export interface ReviewPolicyDeps {
  policies: ReviewPolicyRepository;
  audit: AuditLog;
}

export async function setReviewPolicy(
  deps: ReviewPolicyDeps,
  tenantId: TenantId,
  change: { policy: ReviewPolicy; locked?: boolean },
  acting: Acting,
): Promise<ReviewPolicySetting> {
  const current = await deps.policies.get(tenantId);
  const bySuperAdmin = acting.actor.role === "super_admin";
  if (current.locked && !bySuperAdmin) throw new ReviewPolicyLockedError();
  const next: ReviewPolicySetting = {
    policy: change.policy,
    locked: bySuperAdmin ? (change.locked ?? current.locked) : false,
    updatedBy: acting.actor.userId,
  };
  await deps.policies.set(tenantId, next);
  await deps.audit.record({
    type: "review-policy.changed",
    actor: acting.actor,
    tenantId,
    target: { tenantId },
    ip: acting.ip,
    correlationId: acting.correlationId,
    details: { from: current.policy, to: next.policy, locked: next.locked },
  });
  return deps.policies.get(tenantId);
}
