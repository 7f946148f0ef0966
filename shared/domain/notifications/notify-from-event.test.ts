import { describe, expect, it } from "vitest";
import { CONTENT_STATUSES } from "#shared/domain/content/content-status";
import type { AssignmentRecord, UserRecord } from "#shared/domain/identity/ports";
import type { Page, PageRequest, Stored } from "#shared/domain/stored";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { CONTENT_AUDIENCES, NOTIFYING_STATUSES, type NotifiableEvent } from "./audiences.ts";
import { notificationId } from "./notification.ts";
import { notifyFromEvent } from "./notify-from-event.ts";
import type { NotifyDeps } from "./ports.ts";
import { fakeNotifications } from "./testing/in-memory.ts";

const TENANT = parseTenantId("tenant-a");
const AT = "2026-01-01T00:00:00.000Z";

function stored<T>(id: string, data: T): Stored<T> {
  return { ...data, id, version: 1, createdAt: AT, updatedAt: AT };
}

/** Pages of two, so every audience is read across pages. */
function paged<T>(items: Stored<T>[], { cursor }: PageRequest): Page<T> {
  const start = Number(cursor ?? 0);
  const next = start + 2;
  return next < items.length
    ? { items: items.slice(start, next), nextCursor: String(next) }
    : { items: items.slice(start) };
}

const user = (role: UserRecord["role"], status: UserRecord["status"] = "active"): UserRecord => ({
  email: `${role}@example.com`,
  name: role,
  role,
  tenantId: TENANT,
  passwordHash: "x",
  status,
});

function world() {
  const users = [
    stored("admin-1", user("admin")),
    stored("admin-2", user("admin")),
    stored("member-1", user("member")),
    stored("member-2", user("member")),
    stored("suspended", user("member", "suspended")),
  ];
  const assignments = ["reviewer-1", "reviewer-2", "reviewer-3"].map((reviewerId) =>
    stored<AssignmentRecord>(`${reviewerId}:${TENANT}`, { reviewerId, tenantId: TENANT }),
  );
  const fake = fakeNotifications();
  const deps: NotifyDeps = {
    notifications: fake.notifications,
    tenantUsers: { list: async (tenantId, page) => paged(tenantId === TENANT ? users : [], page) },
    assignments: { list: async (tenantId, page) => paged(tenantId === TENANT ? assignments : [], page) },
    tenants: { profile: async () => stored("tenant", { name: "Acme", status: "active" as const }) },
  };
  return { deps, fake };
}

const statusChanged = (to: (typeof CONTENT_STATUSES)[number], extra: Partial<NotifiableEvent> = {}) =>
  ({
    type: "content.status-changed",
    eventId: `event-${to}`,
    contentId: "content-1",
    contentType: "blog-post",
    to,
    version: 2,
    runId: "run-1",
    ...extra,
  }) as NotifiableEvent;

const userIds = (result: { notifications: { userId: string }[] }) =>
  result.notifications.map((n) => n.userId).sort();

describe("notifyFromEvent", () => {
  it("tells every reviewer assigned to the tenant, and nobody else, that content waits for review", async () => {
    const { deps, fake } = world();
    const result = await notifyFromEvent(deps, TENANT, statusChanged("in_review"));
    expect(userIds(result)).toEqual(["reviewer-1", "reviewer-2", "reviewer-3"]);
    expect(result.created).toBe(3);
    const first = result.notifications[0];
    expect(first).toMatchObject({
      kind: "review.waiting",
      tenantId: TENANT,
      contentId: "content-1",
      runId: "run-1",
      title: "Content waiting for your review",
      summary: "A blog post (version 2) for Acme is waiting for your review.",
    });
    // Staff keep theirs apart from the tenant's users.
    expect(await fake.notifications.unreadCount({ userId: "reviewer-1" })).toBe(1);
    expect(await fake.notifications.unreadCount({ userId: "reviewer-1", tenantId: TENANT })).toBe(0);
  });

  it("tells the tenant's active admins that content waits for their approval", async () => {
    const { deps } = world();
    const result = await notifyFromEvent(deps, TENANT, statusChanged("in_tenant_review"));
    expect(userIds(result)).toEqual(["admin-1", "admin-2"]);
    expect(result.notifications[0]?.kind).toBe("review.tenant-waiting");
  });

  it.each([
    ["approved", "content.approved"],
    ["changes_requested", "content.changes-requested"],
  ] as const)(
    "tells the tenant's active users, but not the one who decided, when content is %s",
    async (to, kind) => {
      const { deps } = world();
      const result = await notifyFromEvent(deps, TENANT, statusChanged(to, { actorId: "admin-2" }));
      expect(userIds(result)).toEqual(["admin-1", "member-1", "member-2"]);
      expect(result.notifications.every((n) => n.kind === kind)).toBe(true);
    },
  );

  it("tells the tenant's admins that a run failed, with the reason", async () => {
    const { deps } = world();
    const result = await notifyFromEvent(deps, TENANT, {
      type: "agent.failed",
      eventId: "event-failed",
      runId: "run-9",
      role: "blog-writer",
      reason: "The model did not answer.",
    });
    expect(userIds(result)).toEqual(["admin-1", "admin-2"]);
    expect(result.notifications[0]).toMatchObject({
      kind: "run.failed",
      runId: "run-9",
      summary:
        "The blog writer run run-9 failed: The model did not answer. Its reserved credits were released.",
    });
    expect(result.notifications[0]?.contentId).toBeUndefined();
  });

  it.each(
    CONTENT_STATUSES.filter((s) => !NOTIFYING_STATUSES.includes(s as (typeof NOTIFYING_STATUSES)[number])),
  )("tells nobody when content moves to %s", async (to) => {
    const { deps, fake } = world();
    const result = await notifyFromEvent(deps, TENANT, statusChanged(to));
    expect(result).toEqual({ notifications: [], created: 0 });
    expect(fake.boxes.size).toBe(0);
  });

  it("creates nothing new for a redelivered event, yet answers every notification for announcing", async () => {
    const { deps, fake } = world();
    const first = await notifyFromEvent(deps, TENANT, statusChanged("approved"));
    const again = await notifyFromEvent(deps, TENANT, statusChanged("approved"));
    expect(again.created).toBe(0);
    expect(again.notifications.map((n) => n.id).sort()).toEqual(first.notifications.map((n) => n.id).sort());
    expect(await fake.notifications.unreadCount({ userId: "member-1", tenantId: TENANT })).toBe(1);
  });

  it("reads the tenant's name only when a reviewer is to be told, and writes nothing for nobody", async () => {
    const { deps, fake } = world();
    let profileReads = 0;
    const counted: NotifyDeps = {
      ...deps,
      tenants: {
        profile: async (tenantId) => {
          profileReads++;
          return deps.tenants.profile(tenantId);
        },
      },
    };
    const unassigned: NotifyDeps = { ...counted, assignments: { list: async (_t, page) => paged([], page) } };
    expect(await notifyFromEvent(unassigned, TENANT, statusChanged("in_review"))).toEqual({
      notifications: [],
      created: 0,
    });
    expect(profileReads).toBe(0);
    expect(await fake.notifications.unreadCount({ userId: "reviewer-1" })).toBe(0);
    await notifyFromEvent(counted, TENANT, statusChanged("in_review"));
    expect(profileReads).toBe(1);
  });

  it("gives each user of each event its own id, the same every time", () => {
    expect(notificationId("e1", "u1")).toBe(notificationId("e1", "u1"));
    expect(
      new Set([notificationId("e1", "u1"), notificationId("e1", "u2"), notificationId("e2", "u1")]).size,
    ).toBe(3);
    expect(notificationId("e1", "u1")).toMatch(/^n[A-Za-z0-9_-]{32}$/);
  });

  it("names an audience for every status it filters on", () => {
    expect(NOTIFYING_STATUSES.sort()).toEqual(Object.keys(CONTENT_AUDIENCES).sort());
    for (const status of NOTIFYING_STATUSES) expect(CONTENT_STATUSES).toContain(status);
  });
});
