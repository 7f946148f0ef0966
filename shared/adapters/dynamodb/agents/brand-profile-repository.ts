/** The tenant's current brand profile: one item, written by the run of `setup` that produced it. */
import type { BrandProfileRepository } from "#shared/domain/agents/ports";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { WriteOp } from "../item.ts";
import type { SingleTable } from "../table.ts";

const BRAND = "BRAND_PROFILE";
const CURRENT = "current";

/** The profile's write inside the transaction that completes the run that wrote it. */
export function brandProfileOp(
  table: SingleTable,
  tenantId: TenantId,
  written: { profile: unknown; runId: string; contentId: string },
): WriteOp {
  return table.forTenant(tenantId).updateWhereOp(BRAND, CURRENT, { set: { ...written } }, { upsert: true });
}

export function createBrandProfileRepository(table: SingleTable): BrandProfileRepository {
  return {
    async get(tenantId) {
      const item = await table
        .forTenant(tenantId)
        .get<{ profile: unknown }>(BRAND, CURRENT, { consistent: true });
      return item?.profile;
    },
  };
}
