/** The review queue: entries of items waiting for a reviewer, oldest first (see `items.ts`). */
import type { QueueEntry, ReviewQueue } from "#shared/domain/content/ports";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import type { SingleTable } from "../table.ts";
import type { StoredQueueEntry } from "./content-repository.ts";
import { ALL_WAITING, tenantWaiting } from "./items.ts";

const MAX_ENTRIES = 100;

export function createReviewQueue(table: SingleTable): ReviewQueue {
  const oldestOf = async (partition: string, index: "gsi1" | "gsi2", limit: number) => {
    const page = await table
      .platform()
      .listByIndex<StoredQueueEntry>(index, partition, { limit, order: "asc" });
    return page.items.map(
      ({ tenantId, contentId, contentType, title, latestVersion, waitingSince }): QueueEntry => ({
        tenantId: parseTenantId(tenantId),
        contentId,
        contentType,
        title,
        version: latestVersion,
        waitingSince,
      }),
    );
  };
  return {
    /**
     * Every tenant: one index partition. Assigned tenants: the oldest of each tenant's partition,
     * merged (one Query per tenant, in parallel), so the reviewer sees the oldest across them all.
     */
    async oldest(tenants, requested) {
      const limit = Math.min(Math.max(requested, 1), MAX_ENTRIES);
      if (tenants === "all") return oldestOf(ALL_WAITING, "gsi1", limit);
      const perTenant = await Promise.all(
        tenants.map((tenantId: TenantId) => oldestOf(tenantWaiting(tenantId), "gsi2", limit)),
      );
      return perTenant
        .flat()
        .sort(
          (a, b) => a.waitingSince.localeCompare(b.waitingSince) || a.contentId.localeCompare(b.contentId),
        )
        .slice(0, limit);
    },
  };
}
