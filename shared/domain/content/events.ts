/** What the content loop tells the platform when an item changes status or gets a version. */
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { ContentItem } from "./content.ts";
import type { ContentStatus } from "./content-status.ts";

export interface ContentEvents {
  /** Publishes `content.status-changed` for the item as it now is. */
  statusChanged(
    tenantId: TenantId,
    item: Pick<ContentItem, "contentId" | "type" | "status" | "latestVersion">,
    meta: { from?: ContentStatus; actorId?: string; runId?: string; correlationId: string },
  ): Promise<void>;
}
