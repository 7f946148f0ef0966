/**
 * Notifications end to end on the local cloud: events published to the bus through the real
 * EventBridge adapter reach the notifier by its declared rule; it stores one notification per person
 * the event concerns and announces each (`notification.created`); people read theirs through the
 * gateway — tenant users under `/api/tenant/v1`, staff under `/api/dm/v1` — and nobody else's.
 */
import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import type { BusEvent } from "#scripts/local/eventbridge";
import { consoleLog } from "#scripts/local/log";
import { createIdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { createEventPublisher } from "#shared/adapters/events";
import { AGENT_EVENT_SOURCE, agentFailed } from "#shared/contracts/agent-pipeline";
import {
  CONTENT_EVENT_SOURCE,
  contentStatusChanged,
  NOTIFICATION_EVENT_SOURCE,
} from "#shared/contracts/content-events";
import type { ContentStatus } from "#shared/domain/content/content-status";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { type People, type Person, signInPeople } from "./notifications/people.ts";
import { callApi, clientConfig } from "./support.ts";

interface Item {
  id: string;
  kind: string;
  title: string;
  summary: string;
  tenantId: string;
  contentId?: string;
  runId?: string;
  createdAt: string;
  readAt?: string;
}
interface Listing {
  unreadCount: number;
  items: Item[];
  nextCursor?: string;
}

let cloud: LocalCloud;
let dynamodb: DynamoDBClient;
let eventbridge: EventBridgeClient;
let tenantA: TenantId;
let tenantB: TenantId;
let people: People;

beforeAll(async () => {
  cloud = await startLocalCloud({ log: consoleLog("error"), authorizerCacheTtlSeconds: 0 });
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  eventbridge = new EventBridgeClient(clientConfig(cloud, cloud.urls.eventbridge));
  ({ tenantA, tenantB, people } = await signInPeople(
    cloud,
    createIdentityRepositories(new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName })),
  ));
}, 120_000);

afterAll(async () => {
  dynamodb?.destroy();
  eventbridge?.destroy();
  await cloud?.stop();
});

/** Publishes through the platform's EventBridge adapter and waits for the rule's deliveries. */
async function publish(
  source: string,
  send: (publisher: ReturnType<typeof createEventPublisher>, correlationId: string) => Promise<string>,
): Promise<{ id: string; correlationId: string }> {
  const publisher = createEventPublisher({
    client: eventbridge,
    busName: cloud.locator.eventBusName,
    source,
  });
  const correlationId = `notifications-${randomUUID()}`;
  const id = await send(publisher, correlationId);
  await cloud.eventRules.idle();
  return { id, correlationId };
}

let contents = 0;
function contentMoved(to: ContentStatus, extra: { actorId?: string; tenantId?: TenantId } = {}) {
  contents++;
  const contentId = `content-${contents}-${randomUUID()}`;
  return publish(CONTENT_EVENT_SOURCE, (publisher, correlationId) =>
    publisher.publish(
      contentStatusChanged,
      {
        contentId,
        contentType: "blog-post",
        to,
        version: 1,
        runId: "01JZ0000000000000000000000",
        ...(extra.actorId ? { actorId: extra.actorId } : {}),
      },
      { correlationId, tenantId: extra.tenantId ?? tenantA },
    ),
  ).then((published) => ({ ...published, contentId }));
}

type Audience = "tenant" | "dm";
function list(who: Person, audience: Audience, query = "") {
  const base = audience === "tenant" ? "/api/tenant/v1" : "/api/dm/v1";
  return callApi<Listing>(cloud, "GET", `${base}/notifications${query}`, { token: who.token });
}

/** The items of a person's list about one content item or run. */
async function about(who: Person, audience: Audience, link: string): Promise<Item[]> {
  const answer = await list(who, audience, "?limit=100");
  expect(answer.status).toBe(200);
  return answer.json.items.filter((i) => i.contentId === link || i.runId === link);
}

/** The `notification.created` events announced under a correlation id. */
function announced(correlationId: string): BusEvent[] {
  return cloud
    .events()
    .map((r) => r.event)
    .filter((e) => {
      const detail = e.detail as { metadata?: { correlationId?: string } };
      return e.source === NOTIFICATION_EVENT_SOURCE && detail.metadata?.correlationId === correlationId;
    });
}

function announcedUsers(correlationId: string): string[] {
  return announced(correlationId)
    .map((e) => (e.detail as { data: { userId: string } }).data.userId)
    .sort();
}

describe("who is notified", () => {
  it("tells the reviewer assigned to the tenant, and only them, that content waits for review", async () => {
    const { contentId, correlationId } = await contentMoved("in_review");
    const mine = await about(people.reviewerA, "dm", contentId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      kind: "review.waiting",
      tenantId: tenantA,
      summary: "A blog post (version 1) for Acme is waiting for your review.",
    });
    expect(mine[0]?.readAt).toBeUndefined();
    expect(await about(people.reviewerB, "dm", contentId)).toEqual([]);
    for (const who of [people.adminA, people.adminA2, people.memberA, people.adminB]) {
      expect(await about(who, "tenant", contentId)).toEqual([]);
    }
    // Announced once per stored notification, with the notification's id and the event's tenant.
    const events = announced(correlationId);
    expect(events).toHaveLength(1);
    expect(events[0]?.["detail-type"]).toBe("notification.created");
    expect(events[0]?.detail).toMatchObject({
      metadata: { tenantId: tenantA },
      data: { notificationId: mine[0]?.id, userId: people.reviewerA.id, kind: "review.waiting", contentId },
    });
  });

  it("tells the tenant's admins when content waits for their approval", async () => {
    const { contentId, correlationId } = await contentMoved("in_tenant_review");
    expect(await about(people.adminA, "tenant", contentId)).toHaveLength(1);
    expect(await about(people.adminA2, "tenant", contentId)).toHaveLength(1);
    expect(await about(people.memberA, "tenant", contentId)).toEqual([]);
    expect(announcedUsers(correlationId)).toEqual([people.adminA.id, people.adminA2.id].sort());
  });

  it("tells the tenant's users, but not the admin who decided, when content is approved", async () => {
    const { contentId, correlationId } = await contentMoved("approved", { actorId: people.adminA2.id });
    expect(await about(people.adminA, "tenant", contentId)).toMatchObject([{ kind: "content.approved" }]);
    expect(await about(people.memberA, "tenant", contentId)).toMatchObject([{ kind: "content.approved" }]);
    expect(await about(people.adminA2, "tenant", contentId)).toEqual([]);
    expect(await about(people.adminB, "tenant", contentId)).toEqual([]);
    expect(await about(people.reviewerA, "dm", contentId)).toEqual([]);
    expect(announcedUsers(correlationId)).toEqual([people.adminA.id, people.memberA.id].sort());
  });

  it("tells tenant B's users, not tenant A's, of B's changes requested", async () => {
    const { contentId } = await contentMoved("changes_requested", { tenantId: tenantB });
    expect(await about(people.adminB, "tenant", contentId)).toMatchObject([
      { kind: "content.changes-requested", tenantId: tenantB },
    ]);
    for (const who of [people.adminA, people.memberA]) {
      expect(await about(who, "tenant", contentId)).toEqual([]);
    }
  });

  it("tells the tenant's admins, not its members, that a run failed", async () => {
    const runId = "01JZ1111111111111111111111";
    const { correlationId } = await publish(AGENT_EVENT_SOURCE, (publisher, correlationId) =>
      publisher.publish(
        agentFailed,
        {
          runId,
          role: "blog-writer",
          kind: "permanent",
          reason: "The model did not answer",
          creditsReleased: 5,
        },
        { correlationId, tenantId: tenantA },
      ),
    );
    expect(await about(people.adminA, "tenant", runId)).toMatchObject([{ kind: "run.failed", runId }]);
    expect(await about(people.adminA2, "tenant", runId)).toMatchObject([{ kind: "run.failed", runId }]);
    expect(await about(people.memberA, "tenant", runId)).toEqual([]);
    expect(announcedUsers(correlationId)).toEqual([people.adminA.id, people.adminA2.id].sort());
  });

  it("stores nothing twice when the same event is delivered again, and announces it again", async () => {
    const first = await contentMoved("approved");
    const before = (await list(people.memberA, "tenant")).json.unreadCount;
    const delivered = cloud.events().find((r) => r.event.id === first.id)?.event;
    if (delivered === undefined) throw new Error("the event was not accepted");
    // The same domain event (same envelope, same event id), as a redrive from the DLQ puts it back.
    const again = await eventbridge.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: cloud.locator.eventBusName,
            Source: delivered.source,
            DetailType: delivered["detail-type"],
            Detail: JSON.stringify(delivered.detail),
          },
        ],
      }),
    );
    expect(again.FailedEntryCount).toBe(0);
    await cloud.eventRules.idle();
    const mine = await about(people.memberA, "tenant", first.contentId);
    expect(mine).toHaveLength(1);
    expect((await list(people.memberA, "tenant")).json.unreadCount).toBe(before);
    // Each delivery announces what the event stored (an earlier one may have failed to).
    const ids = announced(first.correlationId).map(
      (e) => (e.detail as { data: { notificationId: string } }).data.notificationId,
    );
    expect(ids.filter((id) => id === mine[0]?.id)).toHaveLength(2);
  });
});

describe("reading one's notifications", () => {
  it("counts the unread, pages newest first, and filters the unread", async () => {
    const newer = await contentMoved("approved");
    const all = await list(people.memberA, "tenant", "?limit=1");
    expect(all.status).toBe(200);
    expect(all.json.items.map((i) => i.contentId)).toEqual([newer.contentId]);
    expect(all.json.unreadCount).toBeGreaterThan(1);
    const next = await list(
      people.memberA,
      "tenant",
      `?limit=1&cursor=${encodeURIComponent(all.json.nextCursor ?? "")}`,
    );
    expect(next.status).toBe(200);
    expect(next.json.items[0]?.createdAt ?? "").toMatch(/^\d{4}-/);
    expect((next.json.items[0]?.createdAt ?? "") <= (all.json.items[0]?.createdAt ?? "")).toBe(true);
    expect(next.json.items[0]?.id).not.toBe(all.json.items[0]?.id);
    // A cursor is bound to its listing: another user's listing refuses it.
    const moved = await list(
      people.adminA,
      "tenant",
      `?cursor=${encodeURIComponent(all.json.nextCursor ?? "")}`,
    );
    expect(moved.status).toBe(400);
  });

  it("marks one read: the count drops by exactly one, and again changes nothing", async () => {
    const { contentId } = await contentMoved("approved");
    const [item] = await about(people.memberA, "tenant", contentId);
    if (item === undefined) throw new Error("no notification");
    const before = (await list(people.memberA, "tenant")).json.unreadCount;
    const path = `/api/tenant/v1/notifications/${item.id}/read`;
    const read = await callApi<{ notification: Item; unreadCount: number }>(cloud, "POST", path, {
      token: people.memberA.token,
    });
    expect(read.status).toBe(200);
    expect(read.json.unreadCount).toBe(before - 1);
    expect(read.json.notification.readAt).toEqual(expect.any(String));
    const again = await callApi<{ notification: Item; unreadCount: number }>(cloud, "POST", path, {
      token: people.memberA.token,
    });
    expect(again.json).toEqual(read.json);
    const unread = await list(people.memberA, "tenant", "?unread=true&limit=100");
    expect(unread.json.items.map((i) => i.id)).not.toContain(item.id);
    expect(unread.json.items.every((i) => i.readAt === undefined)).toBe(true);
  });

  it("answers 404 for anyone else's notification, and leaves it unread", async () => {
    const { contentId } = await contentMoved("approved");
    const [theirs] = await about(people.adminA, "tenant", contentId);
    if (theirs === undefined) throw new Error("no notification");
    const attempts = [
      { who: people.memberA, base: "/api/tenant/v1" },
      { who: people.adminB, base: "/api/tenant/v1" },
      { who: people.reviewerA, base: "/api/dm/v1" },
    ];
    for (const { who, base } of attempts) {
      const answer = await callApi<{ error: { code: string } }>(
        cloud,
        "POST",
        `${base}/notifications/${theirs.id}/read`,
        { token: who.token },
      );
      expect(answer.status).toBe(404);
      expect(answer.json.error.code).toBe("NOTIFICATION.NOT_FOUND");
      expect(answer.text).not.toContain(theirs.summary);
    }
    expect((await about(people.adminA, "tenant", contentId))[0]?.readAt).toBeUndefined();
  });

  it("marks all read for a tenant admin: the count reaches zero and others keep theirs", async () => {
    const { contentId } = await contentMoved("in_tenant_review");
    const memberBefore = (await list(people.memberA, "tenant")).json.unreadCount;
    const before = (await list(people.adminA, "tenant")).json.unreadCount;
    expect(before).toBeGreaterThan(1);
    const answer = await callApi<{ marked: number; unreadCount: number }>(
      cloud,
      "POST",
      "/api/tenant/v1/notifications/read-all",
      { token: people.adminA.token },
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ marked: before, unreadCount: 0 });
    expect((await list(people.adminA, "tenant", "?unread=true")).json.items).toEqual([]);
    expect((await about(people.adminA, "tenant", contentId))[0]?.readAt).toEqual(expect.any(String));
    expect((await list(people.memberA, "tenant")).json.unreadCount).toBe(memberBefore);
    expect((await about(people.adminA2, "tenant", contentId))[0]?.readAt).toBeUndefined();
  });

  it("lets a reviewer read theirs under /api/dm/v1, one and then all", async () => {
    await contentMoved("in_review");
    await contentMoved("in_review");
    const before = await list(people.reviewerA, "dm", "?unread=true");
    expect(before.status).toBe(200);
    expect(before.json.unreadCount).toBeGreaterThanOrEqual(2);
    const first = before.json.items[0];
    if (first === undefined) throw new Error("no notification");
    const read = await callApi<{ unreadCount: number }>(
      cloud,
      "POST",
      `/api/dm/v1/notifications/${first.id}/read`,
      {
        token: people.reviewerA.token,
      },
    );
    expect(read.status).toBe(200);
    expect(read.json.unreadCount).toBe(before.json.unreadCount - 1);
    const all = await callApi<{ marked: number; unreadCount: number }>(
      cloud,
      "POST",
      "/api/dm/v1/notifications/read-all",
      { token: people.reviewerA.token },
    );
    expect(all.json).toEqual({ marked: before.json.unreadCount - 1, unreadCount: 0 });
    // A tenant user's token cannot reach the staff routes, nor staff the tenant's.
    expect((await list(people.adminA, "dm")).status).toBe(403);
    expect((await list(people.reviewerA, "tenant")).status).toBe(403);
  });
});
