/**
 * Content items in the search index: the item's title, status and its newest version's text. The
 * document's version is the item's `revision`, which every change of the item raises, so an older
 * or repeated event never overwrites what a newer one wrote. An archived item is removed.
 */
import { textFields } from "#shared/domain/content/content";
import type { ContentRepository } from "#shared/domain/content/ports";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { bodyOf, type IndexChange, searchDocumentId } from "../search-document.ts";

export interface ContentSourceDeps {
  content: Pick<ContentRepository, "get" | "version">;
}

/** The change that brings the index to the item's current state (none when the item does not exist). */
export async function contentChange(
  deps: ContentSourceDeps,
  tenantId: TenantId,
  contentId: string,
): Promise<IndexChange | undefined> {
  const item = await deps.content.get(tenantId, contentId);
  if (!item) return undefined;
  const id = searchDocumentId("content", contentId);
  if (item.status === "archived") return { kind: "remove", id, version: item.revision };
  const latest = await deps.content.version(tenantId, contentId, item.latestVersion);
  return {
    kind: "put",
    document: {
      id,
      version: item.revision,
      fields: {
        type: "content",
        itemId: contentId,
        kind: item.type,
        status: item.status,
        title: item.title,
        body: bodyOf(textFields(latest?.body).map((f) => f.text)),
        createdAt: item.createdAt,
        updatedAt: item.updatedAt,
      },
    },
  };
}
