/**
 * The notification repository on DynamoDB Local: a notification created by concurrent deliveries is
 * stored and counted once; reads and "read all" racing each other lower the unread count exactly once
 * per notification; staff notifications and each tenant's are kept apart.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalCloud } from "#scripts/local/cloud";
import { createNotificationRepository } from "#shared/adapters/dynamodb/notifications/notifications-repository";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { notificationId, type Recipient } from "#shared/domain/notifications/notification";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { clientConfig, startFixtureCloud } from "./support.ts";

const tenantA = parseTenantId("notify-a");
const tenantB = parseTenantId("notify-b");
let cloud: LocalCloud;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  cloud = await startFixtureCloud();
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
});

afterAll(async () => {
  dynamodb?.destroy();
  await cloud?.stop();
});

describe("the notification repository", () => {
  // A table object per caller, as concurrent functions each hold their own.
  const repository = () =>
    createNotificationRepository(
      new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName, cursorKey: randomBytes(32) }),
    );

  async function seed(recipient: Recipient, count: number): Promise<string[]> {
    const notifications = repository();
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const eventId = randomUUID();
      const id = notificationId(eventId, recipient.userId);
      await notifications.create(recipient, {
        id,
        userId: recipient.userId,
        tenantId: tenantA,
        kind: "content.approved",
        title: "Content approved",
        summary: `item ${i}`,
        eventId,
      });
      ids.push(id);
    }
    return ids;
  }

  it("stores and counts once a notification that three deliveries create at once", async () => {
    const recipient = { userId: `user-${randomUUID()}`, tenantId: tenantA };
    const eventId = randomUUID();
    const id = notificationId(eventId, recipient.userId);
    const notification = {
      id,
      userId: recipient.userId,
      tenantId: tenantA,
      kind: "content.approved" as const,
      title: "t",
      summary: "s",
      eventId,
    };
    const results = await Promise.all([1, 2, 3].map(() => repository().create(recipient, notification)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.notification.id))).toEqual(new Set([id]));
    expect(await repository().unreadCount(recipient)).toBe(1);
  });

  it("lowers the count exactly once per notification when reads and read-all race", async () => {
    const recipient = { userId: `user-${randomUUID()}`, tenantId: tenantA };
    const ids = await seed(recipient, 30);
    expect(await repository().unreadCount(recipient)).toBe(30);
    const notifications = repository();
    const [all, ...singles] = await Promise.all([
      notifications.markAllRead(recipient, 500),
      ...ids.slice(0, 10).map((id) => notifications.markRead(recipient, id)),
      ...ids.slice(0, 10).map((id) => notifications.markRead(recipient, id)),
    ]);
    const changedBySingles = singles.filter((r) => r.changed).length;
    expect(changedBySingles).toBeLessThanOrEqual(10);
    expect(all.marked + changedBySingles).toBe(30);
    expect(await notifications.unreadCount(recipient)).toBe(0);
    expect((await notifications.list(recipient, { unread: true })).items).toEqual([]);
  });

  it("keeps staff notifications apart from a tenant user's with the same user id", async () => {
    const userId = `user-${randomUUID()}`;
    await seed({ userId, tenantId: tenantA }, 2);
    expect(await repository().unreadCount({ userId })).toBe(0);
    expect((await repository().list({ userId }, {})).items).toEqual([]);
    expect(await repository().unreadCount({ userId, tenantId: tenantB })).toBe(0);
  });
});
