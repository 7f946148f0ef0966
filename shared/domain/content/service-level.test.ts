import { describe, expect, it } from "vitest";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import type { QueueEntry, ReviewQueue } from "./ports.ts";
import { oldestReviewWaitSeconds } from "./service-level.ts";

/** The port's contract over a list: oldest first, at most `limit`, every tenant with `"all"`. */
function queueOf(entries: QueueEntry[]): ReviewQueue & { asked: { tenants: unknown; limit: number }[] } {
  const asked: { tenants: unknown; limit: number }[] = [];
  return {
    asked,
    async oldest(tenants, { limit }) {
      asked.push({ tenants, limit });
      const items = entries
        .filter((e) => tenants === "all" || tenants.includes(e.tenantId))
        .sort((a, b) => Date.parse(a.waitingSince) - Date.parse(b.waitingSince))
        .slice(0, limit);
      return { items };
    },
  };
}

const entry = (tenant: string, waitingSince: string): QueueEntry => ({
  tenantId: parseTenantId(tenant),
  contentId: `c-${tenant}`,
  contentType: "blog-post",
  title: "A post",
  version: 1,
  waitingSince,
});

const now = new Date("2026-12-06T12:00:00.000Z");

describe("the review service level", () => {
  it("is 0 when nothing waits, so the alarm clears", async () => {
    expect(await oldestReviewWaitSeconds(queueOf([]), now)).toBe(0);
  });

  it("is the whole seconds the oldest item of any tenant has waited, asking the queue for one item of all tenants", async () => {
    const queue = queueOf([
      entry("acme", "2026-12-06T11:59:00.000Z"),
      entry("globex", "2026-12-06T10:29:59.400Z"),
      entry("initech", "2026-12-06T11:00:00.000Z"),
    ]);
    // 1 h 30 min 0.6 s: truncated to whole seconds, never rounded up.
    expect(await oldestReviewWaitSeconds(queue, now)).toBe(5400);
    expect(queue.asked).toEqual([{ tenants: "all", limit: 1 }]);
  });

  it("is never negative when an item's time is ahead of the measuring clock", async () => {
    const queue = queueOf([entry("acme", "2026-12-06T12:00:05.000Z")]);
    expect(await oldestReviewWaitSeconds(queue, now)).toBe(0);
  });
});
