import { describe, expect, it } from "vitest";
import { PERIOD_PATTERN, planningPeriod } from "./period.ts";

describe("planningPeriod", () => {
  it.each([
    ["2026", { label: "2026", start: "2026-01-01", end: "2026-12-31", weeks: 53 }],
    ["2026-H1", { label: "H1 2026", start: "2026-01-01", end: "2026-06-30", weeks: 26 }],
    ["2026-H2", { label: "H2 2026", start: "2026-07-01", end: "2026-12-31", weeks: 27 }],
    ["2026-Q1", { label: "Q1 2026", start: "2026-01-01", end: "2026-03-31", weeks: 13 }],
    ["2026-Q4", { label: "Q4 2026", start: "2026-10-01", end: "2026-12-31", weeks: 14 }],
    ["2026-07", { label: "July 2026", start: "2026-07-01", end: "2026-07-31", weeks: 5 }],
    ["2028-02", { label: "February 2028", start: "2028-02-01", end: "2028-02-29", weeks: 5 }],
    ["2027-02", { label: "February 2027", start: "2027-02-01", end: "2027-02-28", weeks: 4 }],
  ])("reads %s", (period, expected) => {
    expect(planningPeriod(period)).toEqual(expected);
  });

  it.each(["26", "2026-Q5", "2026-H3", "2026-13", "2026-00", "2026-7", "1999", "2026-q1", " 2026"])(
    "refuses %j",
    (period) => {
      expect(PERIOD_PATTERN.test(period)).toBe(false);
      expect(() => planningPeriod(period)).toThrow(RangeError);
    },
  );
});
