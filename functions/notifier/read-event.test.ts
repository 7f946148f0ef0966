import { describe, expect, it } from "vitest";
import { compileEventPattern } from "#scripts/local/event-pattern";
import { notifierRule } from "#shared/contracts/notifier";
import { CONTENT_STATUSES } from "#shared/domain/content/content-status";
import { NOTIFYING_STATUSES } from "#shared/domain/notifications/audiences";
import { readEvent, UnreadableEventError } from "./read-event.ts";

const metadata = {
  eventId: "01JZ0000000000000000000001",
  correlationId: "corr-1",
  tenantId: "tenant-a",
  occurredAt: "2026-01-01T00:00:00.000Z",
};

function busEvent(source: string, detailType: string, data: unknown, meta: object = metadata) {
  return {
    version: "0",
    id: "eb-1",
    source,
    "detail-type": detailType,
    account: "000000000000",
    time: "2026-01-01T00:00:00Z",
    region: "eu-west-1",
    resources: [],
    detail: { metadata: meta, data },
  };
}

const moved = (to: string) =>
  busEvent("leadmetrics.content", "content.status-changed", {
    contentId: "c1",
    contentType: "blog-post",
    to,
    version: 3,
    actorId: "u9",
  });
const failed = busEvent("leadmetrics.agents", "agent.failed", {
  runId: "01JZ0000000000000000000002",
  role: "blog-writer",
  kind: "permanent",
  reason: "No answer",
  creditsReleased: 5,
});

describe("the notifier's rule and reader", () => {
  const matches = compileEventPattern(notifierRule.pattern);

  it.each(CONTENT_STATUSES)("delivers content moved to %s only when someone is told of it", (to) => {
    expect(matches(moved(to))).toBe((NOTIFYING_STATUSES as readonly string[]).includes(to));
  });

  it("delivers agent.failed and neither other agent events nor its own announcements", () => {
    expect(matches(failed)).toBe(true);
    expect(matches(busEvent("leadmetrics.agents", "agent.completed", {}))).toBe(false);
    expect(matches(busEvent("leadmetrics.notifications", "notification.created", {}))).toBe(false);
    expect(matches({ ...moved("approved"), source: "someone.else" })).toBe(false);
  });

  it("reads the tenant, the correlation id and the domain event id from the envelope", () => {
    expect(readEvent(moved("approved"))).toEqual({
      tenantId: "tenant-a",
      correlationId: "corr-1",
      event: {
        type: "content.status-changed",
        eventId: metadata.eventId,
        contentId: "c1",
        contentType: "blog-post",
        to: "approved",
        version: 3,
        actorId: "u9",
      },
    });
    expect(readEvent(failed).event).toEqual({
      type: "agent.failed",
      eventId: metadata.eventId,
      runId: "01JZ0000000000000000000002",
      role: "blog-writer",
      reason: "No answer",
    });
  });

  it("refuses an event without a tenant, with data that breaks its contract, or of another type", () => {
    const { tenantId: _, ...noTenant } = metadata;
    expect(() => readEvent(busEvent("leadmetrics.agents", "agent.failed", {}, noTenant))).toThrow(
      UnreadableEventError,
    );
    expect(() => readEvent(moved("nowhere"))).toThrow(/content.status-changed: to/);
    expect(() => readEvent(busEvent("leadmetrics.agents", "agent.completed", {}))).toThrow(
      /does not handle agent.completed/,
    );
  });
});
