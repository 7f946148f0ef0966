import { describe, expect, it } from "vitest";
import { realtimeEventOf } from "./realtime-events.ts";

const delivery = (detailType: string, data: unknown, tenantId?: string) => ({
  source: "leadmetrics.agents",
  "detail-type": detailType,
  detail: {
    metadata: { eventId: "e1", correlationId: "corr-9", occurredAt: "2026-03-01T00:00:00Z", tenantId },
    data,
  },
});

describe("an EventBridge delivery as a realtime event", () => {
  it("takes the tenant from the envelope and the run id from the data", () => {
    const data = { runId: "01JABCDEFGHJKMNPQRSTVWXYZ0", role: "blog-writer", step: "drafting", percent: 50 };
    expect(realtimeEventOf(delivery("agent.progress", data, "acme"))).toEqual({
      type: "agent.progress",
      tenantId: "acme",
      correlationId: "corr-9",
      runId: data.runId,
      data,
    });
  });

  it("addresses a notification to its one user", () => {
    const data = { notificationId: "n1", userId: "u7", kind: "content.approved", contentId: "c1" };
    expect(realtimeEventOf(delivery("notification.created", data, "acme"))).toMatchObject({
      userId: "u7",
      contentId: "c1",
      tenantId: "acme",
    });
  });

  it("never addresses a tenant event to one user, whatever its data says", () => {
    const data = { contentId: "c1", contentType: "blog-post", to: "approved", version: 2, actorId: "u7" };
    const event = realtimeEventOf(delivery("content.status-changed", { ...data, userId: "u7" }, "acme"));
    expect(event.userId).toBeUndefined();
  });

  it("refuses an event it does not forward, or one that does not match its schema", () => {
    expect(() => realtimeEventOf(delivery("agent.secret", {}, "acme"))).toThrow(/does not forward/);
    expect(() => realtimeEventOf(delivery("agent.progress", { runId: 1 }, "acme"))).toThrow();
    expect(() => realtimeEventOf(delivery("agent.progress", {}, "not a tenant id!"))).toThrow();
  });
});
