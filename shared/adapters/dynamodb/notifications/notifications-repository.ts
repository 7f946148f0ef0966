/**
 * Notifications on the single table, per user, with an exact unread count.
 *
 * | item | scope | key (entity / id) | holds |
 * |---|---|---|---|
 * | notification | the user's tenant; `platform` for staff | `NOTIFICATION` / `n<digest of event id and user id>` | userId, tenantId, kind, title, summary, contentId?, runId?, eventId, readAt?; gsi1 `NOTIFY#<userId>` / `<createdAt>#<id>` (all, newest first); gsi2 `NOTIFY_UNREAD#<userId>` / the same while unread, `NOTIFY_READ#<userId>` once read; `ttl` 90 days after it was read |
 * | unread count | the same scope | `NOTIFY_COUNT` / userId | unread |
 *
 * Tenant users' notifications live under their tenant (`TENANT#<tenantId>`), like the rest of its
 * data; staff have no tenant, so theirs live under the platform, as their user items and assignments
 * do. The count changes only in the transaction that creates a notification or marks it read, on a
 * guard that the notification was unread, so it never drifts. An unread notification never expires
 * (its expiry would leave the count too high); a read one expires 90 days after it was read.
 */
import { AlreadyExistsError } from "#shared/domain/errors";
import { NotificationNotFoundError } from "#shared/domain/notifications/errors";
import type { Notification, NotificationRecord, Recipient } from "#shared/domain/notifications/notification";
import type { NotificationRepository } from "#shared/domain/notifications/ports";
import { createdItem, type WriteOp } from "../item.ts";
import type { Scope } from "../scope.ts";
import type { SingleTable } from "../table.ts";

export const NOTIFICATION_ENTITIES = { notification: "NOTIFICATION", count: "NOTIFY_COUNT" } as const;

/** How long a read notification is kept: 90 days after it was read, then DynamoDB's TTL removes it. */
export const READ_NOTIFICATION_TTL_SECONDS = 90 * 24 * 60 * 60;

/** Notifications one transaction of "mark all read" marks (plus the count: 26 of the 100 allowed). */
const MARK_BATCH = 25;

interface UnreadCount {
  unread: number;
}

const everything = (userId: string) => `NOTIFY#${userId}`;
const unreadOnes = (userId: string) => `NOTIFY_UNREAD#${userId}`;
const readOnes = (userId: string) => `NOTIFY_READ#${userId}`;

/** A notification's guard failed because it was read meanwhile: handled here, never surfaced. */
class ReadMeanwhile extends Error {
  constructor(readonly notificationId: string) {
    super(`Notification ${notificationId} was read meanwhile`);
    this.name = "ReadMeanwhile";
  }
}

export function createNotificationRepository(table: SingleTable): NotificationRepository {
  const scopeOf = (r: Recipient): Scope => (r.tenantId ? table.forTenant(r.tenantId) : table.platform());

  const countOp = (r: Recipient, by: number): WriteOp =>
    scopeOf(r).updateWhereOp(
      NOTIFICATION_ENTITIES.count,
      r.userId,
      { add: { unread: by } },
      // The first notification creates the count; lowering it needs one (it was raised first).
      { upsert: by > 0 },
    );

  /** Marks an unread notification of `r` read: it leaves the unread index and will expire. */
  const markOp = (r: Recipient, n: Notification, at: Date): WriteOp =>
    scopeOf(r).updateWhereOp(
      NOTIFICATION_ENTITIES.notification,
      n.id,
      { set: { readAt: at.toISOString() } },
      {
        guard: {
          expression: "attribute_not_exists(#g0) AND #g1 = :g1",
          names: { "#g0": "readAt", "#g1": "userId" },
          values: { ":g1": r.userId },
        },
        // The kit cannot drop an index key, so a read notification moves to a partition nobody lists.
        indexes: { gsi2: { pk: readOnes(r.userId), sk: `${n.createdAt}#${n.id}` } },
        expiresAt: Math.floor(at.getTime() / 1000) + READ_NOTIFICATION_TTL_SECONDS,
        at,
        onConditionFailed: (existed) => (existed ? new ReadMeanwhile(n.id) : new NotificationNotFoundError()),
      },
    );

  const get = async (r: Recipient, id: string): Promise<Notification | undefined> => {
    const item = await scopeOf(r).get<NotificationRecord>(NOTIFICATION_ENTITIES.notification, id, {
      consistent: true,
    });
    return item?.userId === r.userId ? item : undefined;
  };

  return {
    async create(r, { id, ...data }) {
      const sortKey = `${table.now().toISOString()}#${id}`;
      const op = scopeOf(r).createOp<Omit<NotificationRecord, "readAt">>(
        NOTIFICATION_ENTITIES.notification,
        id,
        data,
        {
          indexes: {
            gsi1: { pk: everything(r.userId), sk: sortKey },
            gsi2: { pk: unreadOnes(r.userId), sk: sortKey },
          },
        },
      );
      try {
        await table.transact([op, countOp(r, 1)]);
        return { notification: createdItem<NotificationRecord>(op), created: true };
      } catch (error) {
        if (!(error instanceof AlreadyExistsError)) throw error;
        // A redelivered event: the notification is stored already, and counted once.
        const existing = await get(r, id);
        if (existing === undefined) throw error;
        return { notification: existing, created: false };
      }
    },

    get,

    list: (r, { unread, limit, cursor }) =>
      scopeOf(r).listByIndex<NotificationRecord>(
        unread ? "gsi2" : "gsi1",
        unread ? unreadOnes(r.userId) : everything(r.userId),
        {
          order: "desc",
          ...(limit !== undefined ? { limit } : {}),
          ...(cursor !== undefined ? { cursor } : {}),
        },
      ),

    async unreadCount(r) {
      const count = await scopeOf(r).get<UnreadCount>(NOTIFICATION_ENTITIES.count, r.userId, {
        consistent: true,
      });
      return count?.unread ?? 0;
    },

    async markRead(r, id) {
      const existing = await get(r, id);
      if (existing === undefined) throw new NotificationNotFoundError();
      if (existing.readAt !== undefined) return { notification: existing, changed: false };
      try {
        const at = table.now();
        await table.transact([markOp(r, existing, at), countOp(r, -1)]);
        return {
          notification: {
            ...existing,
            readAt: at.toISOString(),
            updatedAt: at.toISOString(),
            version: existing.version + 1,
          },
          changed: true,
        };
      } catch (error) {
        if (!(error instanceof ReadMeanwhile)) throw error;
        const now = await get(r, id);
        if (now === undefined) throw new NotificationNotFoundError();
        return { notification: now, changed: false };
      }
    },

    /**
     * Pages through the unread index, oldest first, and marks each page in one transaction with the
     * count lowered by as many. The index is eventually consistent: an item it still lists as unread
     * may have been read meanwhile; its guard fails, it is dropped and the rest are written again.
     */
    async markAllRead(r, max) {
      let marked = 0;
      let cursor: string | undefined;
      // Pages are bounded too, so a long run of items read meanwhile cannot keep the request busy.
      for (let pages = 0; marked < max && pages < Math.ceil(max / MARK_BATCH) * 2; pages++) {
        const page = await scopeOf(r).listByIndex<NotificationRecord>("gsi2", unreadOnes(r.userId), {
          limit: Math.min(MARK_BATCH, max - marked),
          ...(cursor !== undefined ? { cursor } : {}),
        });
        let batch = page.items.filter((n) => n.readAt === undefined && n.userId === r.userId);
        while (batch.length > 0) {
          const at = table.now();
          try {
            await table.transact([...batch.map((n) => markOp(r, n, at)), countOp(r, -batch.length)]);
            marked += batch.length;
            break;
          } catch (error) {
            if (!(error instanceof ReadMeanwhile)) throw error;
            const gone = error.notificationId;
            batch = batch.filter((n) => n.id !== gone);
          }
        }
        cursor = page.nextCursor;
        if (cursor === undefined) break;
      }
      return { marked };
    },
  };
}
