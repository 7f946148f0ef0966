import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  byDay,
  dateKeyOf,
  instantOf,
  monthGrid,
  moveFocus,
  rangeQuery,
  scheduledFor,
  startOfWeek,
  weekDays,
} from "./calendar-dates.ts";

describe("day arithmetic", () => {
  it("adds days across months, years and leap days", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("adds months, clamping to the month's last day", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-12-15", 1)).toBe("2027-01-15");
    expect(addMonths("2026-01-15", -1)).toBe("2025-12-15");
  });

  it("starts weeks on Monday by default, or on Sunday", () => {
    expect(startOfWeek("2026-12-06")).toBe("2026-11-30"); // a Sunday
    expect(startOfWeek("2026-12-07")).toBe("2026-12-07"); // a Monday
    expect(startOfWeek("2026-12-09", 0)).toBe("2026-12-06");
    expect(weekDays("2026-12-09")).toEqual([
      "2026-12-07",
      "2026-12-08",
      "2026-12-09",
      "2026-12-10",
      "2026-12-11",
      "2026-12-12",
      "2026-12-13",
    ]);
  });
});

describe("monthGrid", () => {
  it("covers the month with whole weeks", () => {
    const grid = monthGrid("2026-12-17");
    expect(grid).toHaveLength(5);
    expect(grid[0]?.[0]).toBe("2026-11-30");
    expect(grid.at(-1)?.at(-1)).toBe("2027-01-03");
    expect(grid.every((week) => week.length === 7)).toBe(true);
    expect(grid.flat()).toContain("2026-12-31");
  });

  it("has four rows for a February that starts on the week's first day, six for a long spread", () => {
    expect(monthGrid("2027-02-10")).toHaveLength(4); // 1 Feb 2027 is a Monday
    expect(monthGrid("2026-08-01")).toHaveLength(6); // starts on Saturday, 31 days
  });
});

describe("time zones", () => {
  it("tells the day an instant falls on in a zone", () => {
    expect(dateKeyOf("2026-12-06T23:30:00Z", "UTC")).toBe("2026-12-06");
    expect(dateKeyOf("2026-12-06T23:30:00Z", "Asia/Kolkata")).toBe("2026-12-07");
    expect(dateKeyOf("2026-12-07T03:00:00Z", "America/New_York")).toBe("2026-12-06");
  });

  it("finds the instant a day starts in a zone, across daylight-saving changes", () => {
    expect(instantOf("2026-12-07", "Asia/Kolkata").toISOString()).toBe("2026-12-06T18:30:00.000Z");
    expect(instantOf("2026-07-01", "America/New_York").toISOString()).toBe("2026-07-01T04:00:00.000Z");
    expect(instantOf("2026-03-08", "America/New_York", 9).toISOString()).toBe("2026-03-08T13:00:00.000Z");
    expect(instantOf("2026-03-07", "America/New_York", 9).toISOString()).toBe("2026-03-07T14:00:00.000Z");
  });

  it("queries from the first day's start to the last day's end, as UTC instants", () => {
    expect(rangeQuery(weekDays("2026-12-09"), "Europe/Berlin")).toEqual({
      from: "2026-12-06T23:00:00.000Z",
      to: "2026-12-13T22:59:59.999Z",
    });
  });

  it("schedules a picked day at nine in the morning there, and reads it back on the same day", () => {
    const when = scheduledFor("2026-12-10", "Pacific/Auckland");
    expect(when).toBe("2026-12-09T20:00:00.000Z");
    expect(dateKeyOf(when, "Pacific/Auckland")).toBe("2026-12-10");
  });

  it("groups items by their local day in time order", () => {
    const days = byDay(
      [
        { id: "b", scheduledFor: "2026-12-10T15:00:00.000Z" },
        { id: "a", scheduledFor: "2026-12-10T08:00:00.000Z" },
        { id: "c", scheduledFor: "2026-12-10T20:00:00.000Z" },
      ],
      "Asia/Kolkata",
    );
    expect(days.get("2026-12-10")?.map((i) => i.id)).toEqual(["a", "b"]);
    expect(days.get("2026-12-11")?.map((i) => i.id)).toEqual(["c"]);
  });
});

describe("moveFocus", () => {
  it("moves by day, week and month, and to the week's ends", () => {
    expect(moveFocus("2026-12-09", "ArrowRight")).toBe("2026-12-10");
    expect(moveFocus("2026-12-09", "ArrowUp")).toBe("2026-12-02");
    expect(moveFocus("2026-12-09", "Home")).toBe("2026-12-07");
    expect(moveFocus("2026-12-09", "End")).toBe("2026-12-13");
    expect(moveFocus("2026-12-09", "PageDown")).toBe("2027-01-09");
    expect(moveFocus("2026-12-09", "Enter")).toBeUndefined();
  });
});
