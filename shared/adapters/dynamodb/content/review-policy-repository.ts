/** A tenant's review policy: one item under the tenant, absent until someone sets it. */
import { DEFAULT_REVIEW_POLICY } from "#shared/domain/content/content-status";
import type { ReviewPolicyRepository, ReviewPolicySetting } from "#shared/domain/content/ports";
import type { SingleTable } from "../table.ts";

const SETTING = "REVIEW_POLICY";
const ID = "current";

export function createReviewPolicyRepository(table: SingleTable): ReviewPolicyRepository {
  return {
    async get(tenantId) {
      const stored = await table
        .forTenant(tenantId)
        .get<ReviewPolicySetting>(SETTING, ID, { consistent: true });
      if (!stored) return { policy: DEFAULT_REVIEW_POLICY, locked: false };
      return {
        policy: stored.policy,
        locked: stored.locked,
        ...(stored.updatedBy ? { updatedBy: stored.updatedBy } : {}),
        updatedAt: stored.updatedAt,
      };
    },
    async set(tenantId, setting) {
      const { updatedAt: _stamped, ...data } = setting;
      await table.forTenant(tenantId).updateWhere(SETTING, ID, { set: { ...data } }, { upsert: true });
    },
  };
}
