/**
 * How content is stored in the single table.
 *
 * | item | scope | entity / id | indexes |
 * |---|---|---|---|
 * | content item | tenant | `CONTENT` / contentId (a ULID) | gsi1 `CONTENT_STATUS#<status>`, gsi2 `CONTENT_TYPE#<type>`, gsi3 `CONTENT_TYPE_STATUS#<type>#<status>`; sort key the contentId |
 * | version | tenant | `CONTENT_VERSION` / `<contentId>:<version, 6 digits>` | — |
 * | comment | tenant | `CONTENT_COMMENT` / `<contentId>:<commentId>` | — |
 * | calendar entry | tenant | `CALENDAR` / `<scheduledFor>:<contentId>` | — |
 * | review-queue entry | platform | `REVIEW_QUEUE` / `<tenantId>:<contentId>` | gsi1 `REVIEW_QUEUE`, gsi2 `REVIEW_QUEUE#<tenantId>`; sort key `<waitingSince>:<tenantId>:<contentId>` |
 *
 * The queue entry is a platform item so that super-admins (every tenant) and the review service
 * level (the oldest waiting item) read one index partition; a reviewer reads one partition per
 * assigned tenant. It is written in the same transaction as every move in or out of `in_review`.
 */
import type { ContentStatus } from "#shared/domain/content/content-status";
import type { IndexKeys } from "../item.ts";

export const CONTENT_ENTITIES = {
  item: "CONTENT",
  version: "CONTENT_VERSION",
  comment: "CONTENT_COMMENT",
  calendar: "CALENDAR",
  queue: "REVIEW_QUEUE",
} as const;

export function contentIndexes(item: { contentId: string; type: string; status: ContentStatus }): IndexKeys {
  return {
    gsi1: { pk: `CONTENT_STATUS#${item.status}`, sk: item.contentId },
    gsi2: { pk: `CONTENT_TYPE#${item.type}`, sk: item.contentId },
    gsi3: { pk: `CONTENT_TYPE_STATUS#${item.type}#${item.status}`, sk: item.contentId },
  };
}

export function versionId(contentId: string, version: number): string {
  return `${contentId}:${String(version).padStart(6, "0")}`;
}

export function calendarId(scheduledFor: string, contentId: string): string {
  return `${scheduledFor}:${contentId}`;
}

export const ALL_WAITING = "REVIEW_QUEUE";
export function tenantWaiting(tenantId: string): string {
  return `REVIEW_QUEUE#${tenantId}`;
}

export function queueEntryId(tenantId: string, contentId: string): string {
  return `${tenantId}:${contentId}`;
}

export function queueSortKey(waitingSince: string, tenantId: string, contentId: string): string {
  return `${waitingSince}:${tenantId}:${contentId}`;
}
