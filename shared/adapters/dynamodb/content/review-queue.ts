/** The review queue: entries of items waiting for a reviewer, oldest first (see `items.ts`). */
import type { QueueEntry, ReviewQueue } from "#shared/domain/content/ports";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import type { SingleTable } from "../table.ts";
import type { StoredQueueEntry } from "./content-repository.ts";
import { ALL_WAITING, tenantWaiting } from "./items.ts";

/** Binds the queue's cursors: one listing, whichever tenants it reads. */
const LISTING = "review-queue";

export function createReviewQueue(table: SingleTable): ReviewQueue {
  return {
    /**
     * Every tenant: one index partition (gsi1). Assigned tenants: each tenant's partition (gsi2), read
     * in parallel and merged. Both sort on `<waitingSince>:<tenantId>:<contentId>`, so a page continues
     * after the last entry it showed, in one tenant or many.
     */
    async oldest(tenants, page) {
      const [index, partitions] =
        tenants === "all"
          ? (["gsi1", [ALL_WAITING]] as const)
          : (["gsi2", tenants.map(tenantWaiting)] as const);
      const found = await table
        .platform()
        .listByIndexes<StoredQueueEntry>(index, partitions, { name: LISTING, ...page });
      return {
        items: found.items.map(
          ({ tenantId, contentId, contentType, title, latestVersion, waitingSince }): QueueEntry => ({
            tenantId: parseTenantId(tenantId),
            contentId,
            contentType,
            title,
            version: latestVersion,
            waitingSince,
          }),
        ),
        ...(found.nextCursor ? { nextCursor: found.nextCursor } : {}),
      };
    },
  };
}
