/**
 * What the content and review loop needs of the world, in the domain's terms. The DynamoDB adapters
 * (`shared/adapters/dynamodb/content/`) implement them; the use-case tests pass in-memory ones.
 */
import type { ContentType } from "#shared/domain/agents/agent";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { ContentComment, ContentItem, ContentVersion, StoredContent } from "./content.ts";
import type { ContentTransition } from "./content-lifecycle.ts";
import type { ContentStatus, ReviewPolicy } from "./content-status.ts";

export interface ContentFilter {
  type?: string;
  status?: ContentStatus;
  /** Created at or after (ISO 8601). */
  from?: string;
  /** Created at or before (ISO 8601). */
  to?: string;
  limit?: number;
  cursor?: string;
}

/** One move of an item: the transition, what else changes, and the version it writes, if any. */
export interface ContentMove {
  transition: ContentTransition;
  set?: Partial<ContentItem>;
  remove?: readonly (keyof ContentItem)[];
  version?: ContentVersion;
  /** When the move happens. */
  at: Date;
}

export interface ContentRepository {
  get(tenantId: TenantId, contentId: string): Promise<StoredContent | undefined>;
  /** Newest first; type, status and creation dates filter. */
  list(tenantId: TenantId, filter: ContentFilter): Promise<{ items: StoredContent[]; nextCursor?: string }>;
  /** Every version, oldest first. */
  versions(tenantId: TenantId, contentId: string): Promise<ContentVersion[]>;
  version(tenantId: TenantId, contentId: string, version: number): Promise<ContentVersion | undefined>;
  /**
   * Moves the item as `move` says, only if it is still as the caller read it (status and revision);
   * otherwise `ContentMovedError`. The review queue and the calendar follow in the same write.
   */
  move(tenantId: TenantId, item: StoredContent, move: ContentMove): Promise<StoredContent>;
  /** The thread, oldest first. */
  comments(tenantId: TenantId, contentId: string): Promise<ContentComment[]>;
  /** Adds a comment to an existing item (none → `ContentNotFoundError`). */
  comment(tenantId: TenantId, comment: ContentComment): Promise<void>;
  /** Scheduled items whose date falls in [from, to], by date (at most 500). */
  calendar(tenantId: TenantId, range: { from: string; to: string }): Promise<CalendarEntry[]>;
}

/** An item on the calendar. */
export interface CalendarEntry {
  contentId: string;
  contentType: ContentType;
  title: string;
  scheduledFor: string;
}

/** An item waiting for a reviewer, as the queue lists it. */
export interface QueueEntry {
  tenantId: TenantId;
  contentId: string;
  contentType: ContentType;
  title: string;
  version: number;
  waitingSince: string;
}

export interface ReviewQueue {
  /**
   * The waiting items of these tenants (every tenant with `"all"`), oldest first: at most `limit` of
   * them after `cursor` (the previous page's `nextCursor`, absent on the last page). A cursor stays
   * good when the tenants change between pages.
   */
  oldest(
    tenants: readonly TenantId[] | "all",
    page: { limit: number; cursor?: string },
  ): Promise<{ items: QueueEntry[]; nextCursor?: string }>;
}

/** A tenant's review policy; a super-admin may lock it. */
export interface ReviewPolicySetting {
  policy: ReviewPolicy;
  /** Set by a super-admin: tenant admins cannot change it. */
  locked: boolean;
  updatedBy?: string;
  updatedAt?: string;
}

export interface ReviewPolicyRepository {
  /** The tenant's setting (the default when never set). */
  get(tenantId: TenantId): Promise<ReviewPolicySetting>;
  set(tenantId: TenantId, setting: ReviewPolicySetting): Promise<void>;
}
