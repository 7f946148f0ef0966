import { describe, expect, it } from "vitest";
import { isOverdue, queueRows, REVIEW_SLA_SECONDS, waitedSeconds } from "./queue-order.ts";

const item = (id: string, waitingSeconds: number, waitingSince = "2026-01-01T00:00:00.000Z") => ({
  id,
  waitingSeconds,
  waitingSince,
});

describe("the review queue's pages as one list", () => {
  const entry = (tenantId: string, contentId: string) => ({ tenantId, contentId });

  it("keeps the API's order across pages, each item with its own page's answer time", () => {
    const rows = queueRows([
      { items: [entry("t1", "a"), entry("t2", "b")], answeredAt: 1_000 },
      { items: [entry("t1", "c")], answeredAt: 5_000 },
    ]);
    expect(rows).toEqual([
      { tenantId: "t1", contentId: "a", answeredAt: 1_000 },
      { tenantId: "t2", contentId: "b", answeredAt: 1_000 },
      { tenantId: "t1", contentId: "c", answeredAt: 5_000 },
    ]);
  });

  it("lists an item that came back between page loads once, as the later page has it", () => {
    const rows = queueRows([
      { items: [entry("t1", "a"), entry("t2", "a")], answeredAt: 1 },
      { items: [entry("t1", "b"), entry("t1", "a")], answeredAt: 2 },
    ]);
    expect(rows.map((r) => `${r.tenantId}/${r.contentId}@${r.answeredAt}`)).toEqual([
      "t2/a@1",
      "t1/b@2",
      "t1/a@2",
    ]);
    expect(queueRows([])).toEqual([]);
  });
});

describe("waiting time and the service level", () => {
  it("adds the time since the server answered to the wait it reported", () => {
    expect(waitedSeconds(item("a", 100), 1_000_000, 1_030_500)).toBe(130);
    // A clock that runs behind the answer never makes the wait shorter.
    expect(waitedSeconds(item("a", 100), 1_000_000, 999_000)).toBe(100);
  });

  it("flags only a wait longer than the service level (2 h unless told)", () => {
    expect(REVIEW_SLA_SECONDS).toBe(7200);
    expect(isOverdue(7200)).toBe(false);
    expect(isOverdue(7201)).toBe(true);
    expect(isOverdue(61, 60)).toBe(true);
  });
});
