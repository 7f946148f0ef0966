/** Content items, their versions, comments, calendar entries and review-queue entries; see `items.ts`. */
import type {
  ContentComment,
  ContentItem,
  ContentVersion,
  StoredContent,
} from "#shared/domain/content/content";
import { waitsForReviewer } from "#shared/domain/content/content-lifecycle";
import { ContentMovedError, ContentNotFoundError } from "#shared/domain/content/errors";
import type { CalendarEntry, ContentRepository, QueueEntry } from "#shared/domain/content/ports";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { Guard, GuardedChange } from "../guarded-update.ts";
import type { Stored, WriteOp } from "../item.ts";
import type { SingleTable } from "../table.ts";
import {
  ALL_WAITING,
  calendarId,
  contentIndexes,
  CONTENT_ENTITIES as E,
  queueEntryId,
  queueSortKey,
  tenantWaiting,
  versionId,
} from "./items.ts";

/** A stored item as the domain sees it: the kit's `version` is the item's `revision`. */
export function toContent(stored: Stored<ContentItem>): StoredContent {
  const { id: _id, version, ...rest } = stored;
  return { ...rest, revision: version };
}

/**
 * The writes of one move from `before` (absent: a new item) to `after`: the item itself (guarded),
 * the new version if any, and the review queue and calendar following the item's status.
 */
export function contentMoveOps(
  table: SingleTable,
  tenantId: TenantId,
  before: ContentItem | undefined,
  after: ContentItem,
  write: {
    guard?: Guard;
    remove?: readonly string[];
    version?: ContentVersion;
    onConditionFailed: () => Error;
    at: Date;
  },
): WriteOp[] {
  const scope = table.forTenant(tenantId);
  const { contentId } = after;
  const set: Record<string, unknown> = { ...after };
  for (const name of write.remove ?? []) delete set[name];
  const change: GuardedChange = { set, ...(write.remove?.length ? { remove: write.remove } : {}) };
  const ops: WriteOp[] = [
    before
      ? scope.updateWhereOp(E.item, contentId, change, {
          ...(write.guard ? { guard: write.guard } : {}),
          indexes: contentIndexes(after),
          onConditionFailed: write.onConditionFailed,
          at: write.at,
        })
      : scope.createOp<ContentItem>(E.item, contentId, after, { indexes: contentIndexes(after) }),
  ];
  if (write.version) {
    ops.push(
      scope.createOp(E.version, versionId(contentId, write.version.version), storedVersion(write.version)),
    );
  }
  ops.push(...queueOps(table, tenantId, before, after), ...calendarOps(table, tenantId, before, after));
  return ops;
}

function queueOps(
  table: SingleTable,
  tenantId: TenantId,
  before: ContentItem | undefined,
  after: ContentItem,
): WriteOp[] {
  const id = queueEntryId(tenantId, after.contentId);
  const platform = table.platform();
  if (waitsForReviewer(after.status) && after.waitingSince) {
    const sk = queueSortKey(after.waitingSince, tenantId, after.contentId);
    // `version` is the kit's own attribute: the entry stores the item's as `latestVersion`.
    const entry: StoredQueueEntry = {
      tenantId,
      contentId: after.contentId,
      contentType: after.type,
      title: after.title,
      latestVersion: after.latestVersion,
      waitingSince: after.waitingSince,
    };
    return [
      platform.updateWhereOp(
        E.queue,
        id,
        { set: { ...entry } },
        {
          upsert: true,
          indexes: { gsi1: { pk: ALL_WAITING, sk }, gsi2: { pk: tenantWaiting(tenantId), sk } },
        },
      ),
    ];
  }
  return before && waitsForReviewer(before.status)
    ? [platform.deleteOp(E.queue, id, { ifExists: true })]
    : [];
}

function calendarOps(
  table: SingleTable,
  tenantId: TenantId,
  before: ContentItem | undefined,
  after: ContentItem,
): WriteOp[] {
  const scope = table.forTenant(tenantId);
  const was = before?.status === "scheduled" ? before.scheduledFor : undefined;
  const is = after.status === "scheduled" ? after.scheduledFor : undefined;
  if (was === is) return [];
  const ops: WriteOp[] = [];
  if (was) ops.push(scope.deleteOp(E.calendar, calendarId(was, after.contentId), { ifExists: true }));
  if (is) {
    const entry: CalendarEntry = {
      contentId: after.contentId,
      contentType: after.type,
      title: after.title,
      scheduledFor: is,
    };
    ops.push(scope.createOp<CalendarEntry>(E.calendar, calendarId(is, after.contentId), entry));
  }
  return ops;
}

/** The guard of a person's move: the item is still at the status and revision the caller read. */
export function unchangedSince(item: StoredContent): Guard {
  return {
    expression: "#gstatus = :gstatus AND #gversion = :grevision",
    names: { "#gstatus": "status", "#gversion": "version" },
    values: { ":gstatus": item.status, ":grevision": item.revision },
  };
}

export function createContentRepository(table: SingleTable): ContentRepository {
  const scope = (tenantId: TenantId) => table.forTenant(tenantId);
  return {
    async get(tenantId, contentId) {
      const stored = await scope(tenantId).get<ContentItem>(E.item, contentId, { consistent: true });
      return stored && toContent(stored);
    },

    async list(tenantId, filter) {
      const options = {
        order: "desc" as const,
        ...(filter.limit === undefined ? {} : { limit: filter.limit }),
        ...(filter.cursor === undefined ? {} : { cursor: filter.cursor }),
        ...(filter.from !== undefined || filter.to !== undefined
          ? { between: { from: ulidBound(filter.from, "0"), to: ulidBound(filter.to, "Z") } }
          : {}),
      };
      const s = scope(tenantId);
      const page =
        filter.type && filter.status
          ? await s.listByIndex<ContentItem>(
              "gsi3",
              `CONTENT_TYPE_STATUS#${filter.type}#${filter.status}`,
              options,
            )
          : filter.status
            ? await s.listByIndex<ContentItem>("gsi1", `CONTENT_STATUS#${filter.status}`, options)
            : filter.type
              ? await s.listByIndex<ContentItem>("gsi2", `CONTENT_TYPE#${filter.type}`, options)
              : await s.list<ContentItem>(E.item, options);
      return {
        items: page.items.map(toContent),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    },

    async versions(tenantId, contentId) {
      const versions: ContentVersion[] = [];
      let cursor: string | undefined;
      do {
        const page = await scope(tenantId).list<StoredVersion>(E.version, {
          sortPrefix: `${contentId}:`,
          limit: 100,
          ...(cursor ? { cursor } : {}),
        });
        versions.push(...page.items.map(readVersion));
        cursor = page.nextCursor;
      } while (cursor);
      return versions;
    },

    async version(tenantId, contentId, version) {
      const stored = await scope(tenantId).get<StoredVersion>(E.version, versionId(contentId, version));
      return stored && readVersion(stored);
    },

    async move(tenantId, item, move) {
      const { revision: _r, createdAt: _c, updatedAt: _u, ...before } = item;
      const after: ContentItem = { ...before, ...move.set, status: move.transition.to };
      for (const name of move.remove ?? []) delete after[name];
      await table.transact(
        contentMoveOps(table, tenantId, before, after, {
          guard: unchangedSince(item),
          remove: move.remove ?? [],
          ...(move.version ? { version: move.version } : {}),
          onConditionFailed: () => new ContentMovedError(),
          at: move.at,
        }),
      );
      return {
        ...after,
        revision: item.revision + 1,
        createdAt: item.createdAt,
        updatedAt: move.at.toISOString(),
      };
    },

    async comments(tenantId, contentId) {
      const comments: ContentComment[] = [];
      let cursor: string | undefined;
      do {
        const page = await scope(tenantId).list<ContentComment>(E.comment, {
          sortPrefix: `${contentId}:`,
          limit: 100,
          ...(cursor ? { cursor } : {}),
        });
        comments.push(...page.items.map(withoutBookkeeping));
        cursor = page.nextCursor;
      } while (cursor);
      return comments;
    },

    async comment(tenantId, comment) {
      await table.transact([
        scope(tenantId).requireOp(E.item, comment.contentId, () => new ContentNotFoundError()),
        scope(tenantId).createOp(
          E.comment,
          `${comment.contentId}:${comment.commentId}`,
          withoutStamp(comment),
        ),
      ]);
    },

    async calendar(tenantId, range) {
      const entries: CalendarEntry[] = [];
      let cursor: string | undefined;
      do {
        const page = await scope(tenantId).list<CalendarEntry>(E.calendar, {
          between: { from: range.from, to: `${range.to}\uffff` },
          limit: 100,
          ...(cursor ? { cursor } : {}),
        });
        entries.push(...page.items.map(withoutBookkeeping));
        cursor = entries.length < 500 ? page.nextCursor : undefined;
      } while (cursor);
      return entries;
    },
  };
}

/** A version as stored: `version` is the kit's own attribute, so the number is `number`. */
type StoredVersion = Omit<ContentVersion, "version" | "createdAt"> & { number: number };

/** An entry of the review queue as stored (see `StoredVersion`). */
export type StoredQueueEntry = Omit<QueueEntry, "version"> & { latestVersion: number };

function storedVersion(version: ContentVersion): StoredVersion {
  const { version: number, createdAt: _stamped, ...rest } = version;
  return { ...rest, number };
}

function readVersion(stored: Stored<StoredVersion>): ContentVersion {
  const { number, id: _id, version: _v, updatedAt: _u, ...rest } = stored;
  return { ...rest, version: number };
}

/** The kit stamps `createdAt` itself (with the table's clock, the same instant the caller used). */
function withoutStamp<T extends { createdAt: string }>(record: T): Omit<T, "createdAt"> {
  const { createdAt: _stamped, ...rest } = record;
  return rest;
}

/** Versions and comments as the domain sees them: their `createdAt` is the kit's. */
function withoutBookkeeping<T extends object>(stored: Stored<T>): T {
  const { id: _id, version: _v, updatedAt: _u, ...rest } = stored;
  return rest as unknown as T;
}

/** A ULID-ordered bound for a date: ULIDs begin with their time, 10 Crockford base-32 characters. */
function ulidBound(date: string | undefined, pad: "0" | "Z"): string {
  if (date === undefined) return pad === "0" ? "0" : "Z";
  return encodeTime(Date.parse(date)) + pad.repeat(16);
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
function encodeTime(ms: number): string {
  let out = "";
  let rest = Math.max(0, ms);
  for (let i = 0; i < 10; i++) {
    out = (CROCKFORD[rest % 32] ?? "0") + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}
