import { describe, expect, it } from "vitest";
import { isOverdue, oldestFirst, pageOf, REVIEW_SLA_SECONDS, waitedSeconds } from "./queue-order.ts";

const item = (id: string, waitingSeconds: number, waitingSince = "2026-01-01T00:00:00.000Z") => ({
  id,
  waitingSeconds,
  waitingSince,
});

describe("the review queue's order", () => {
  it("puts the longest waiting first, and breaks ties by when the wait began", () => {
    const sorted = oldestFirst([
      item("new", 60),
      item("old", 9000),
      item("tie-late", 600, "2026-01-01T00:10:00.000Z"),
      item("tie-early", 600, "2026-01-01T00:05:00.000Z"),
    ]);
    expect(sorted.map((i) => i.id)).toEqual(["old", "tie-early", "tie-late", "new"]);
  });

  it("does not reorder the list it was given", () => {
    const given = [item("a", 1), item("b", 2)];
    oldestFirst(given);
    expect(given.map((i) => i.id)).toEqual(["a", "b"]);
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

describe("paging the queue", () => {
  const items = Array.from({ length: 45 }, (_, i) => i);

  it("cuts the list into pages of the size asked", () => {
    expect(pageOf(items, 0, 20)).toEqual({ items: items.slice(0, 20), page: 0, pages: 3 });
    expect(pageOf(items, 2, 20).items).toEqual([40, 41, 42, 43, 44]);
  });

  it("keeps the page inside the list when it shrank, and has one page when empty", () => {
    expect(pageOf(items, 9, 20).page).toBe(2);
    expect(pageOf([], 3, 20)).toEqual({ items: [], page: 0, pages: 1 });
  });
});
