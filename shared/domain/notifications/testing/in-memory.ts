/**
 * An in-memory `NotificationRepository` for use-case tests: one map per recipient, a clock that
 * ticks a millisecond per write so "newest first" is well defined, and the count kept as the
 * adapter keeps it (raised on create, lowered on read), so tests can check it against the items.
 */
import type { Page } from "#shared/domain/stored";
import { NotificationNotFoundError } from "../errors.ts";
import type { Notification, NotificationRecord, Recipient } from "../notification.ts";
import type { NotificationRepository } from "../ports.ts";

const keyOf = (r: Recipient) => `${r.tenantId ?? "staff"}/${r.userId}`;

export function fakeNotifications() {
  const boxes = new Map<string, Map<string, Notification>>();
  const counts = new Map<string, number>();
  let clock = Date.parse("2026-01-01T00:00:00.000Z");
  const tick = () => new Date(clock++).toISOString();
  const box = (r: Recipient) => {
    const found = boxes.get(keyOf(r)) ?? new Map<string, Notification>();
    boxes.set(keyOf(r), found);
    return found;
  };
  const bump = (r: Recipient, by: number) => counts.set(keyOf(r), (counts.get(keyOf(r)) ?? 0) + by);
  const read = (r: Recipient, n: Notification): Notification => {
    const at = tick();
    const next = { ...n, readAt: at, updatedAt: at, version: n.version + 1 };
    box(r).set(n.id, next);
    bump(r, -1);
    return next;
  };

  const notifications: NotificationRepository = {
    async create(recipient, { id, ...data }) {
      const existing = box(recipient).get(id);
      if (existing !== undefined) return { notification: existing, created: false };
      const at = tick();
      const notification: Notification = { ...data, id, version: 1, createdAt: at, updatedAt: at };
      box(recipient).set(id, notification);
      bump(recipient, 1);
      return { notification, created: true };
    },
    async get(recipient, id) {
      return box(recipient).get(id);
    },
    async list(recipient, { unread, limit = 25, cursor }): Promise<Page<NotificationRecord>> {
      const all = [...box(recipient).values()]
        .filter((n) => !unread || n.readAt === undefined)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      const start = cursor === undefined ? 0 : Number(cursor);
      const items = all.slice(start, start + limit);
      const next = start + limit;
      return next < all.length ? { items, nextCursor: String(next) } : { items };
    },
    async unreadCount(recipient) {
      return counts.get(keyOf(recipient)) ?? 0;
    },
    async markRead(recipient, id) {
      const existing = box(recipient).get(id);
      if (existing === undefined) throw new NotificationNotFoundError();
      if (existing.readAt !== undefined) return { notification: existing, changed: false };
      return { notification: read(recipient, existing), changed: true };
    },
    async markAllRead(recipient, max) {
      const unread = [...box(recipient).values()].filter((n) => n.readAt === undefined).slice(0, max);
      for (const n of unread) read(recipient, n);
      return { marked: unread.length };
    },
  };
  return { notifications, boxes, counts };
}
