/** What finished runs stored for review, one item per piece of content, listed by status. */
import type { Content, ContentRepository } from "#shared/domain/agents/ports";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { WriteOp } from "../item.ts";
import type { SingleTable } from "../table.ts";

const CONTENT = "CONTENT";

/** The content's write inside the transaction that completes its run. */
export function contentOp(table: SingleTable, tenantId: TenantId, content: Content): WriteOp {
  return table.forTenant(tenantId).createOp<Content>(CONTENT, content.contentId, content, {
    indexes: { gsi1: { pk: `CONTENT_STATUS#${content.status}`, sk: content.contentId } },
  });
}

export function createContentRepository(table: SingleTable): ContentRepository {
  return {
    get(tenantId, contentId) {
      return table.forTenant(tenantId).get<Content>(CONTENT, contentId, { consistent: true });
    },
  };
}
