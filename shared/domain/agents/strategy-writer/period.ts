/**
 * A strategy's planning period, written as a year (`2026`), a half (`2026-H1`), a quarter
 * (`2026-Q3`) or a month (`2026-07`).
 */

export const PERIOD_PATTERN = /^(20\d\d)(?:-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$/;

export interface PlanningPeriod {
  /** "2026", "H1 2026", "Q3 2026", "July 2026". */
  label: string;
  /** First day, `YYYY-MM-DD`. */
  start: string;
  /** Last day, `YYYY-MM-DD`. */
  end: string;
  /** Weeks it spans, a part week counted whole. */
  weeks: number;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

const DAY_MS = 86_400_000;

/** The period's dates; throws on text that does not match {@link PERIOD_PATTERN}. */
export function planningPeriod(period: string): PlanningPeriod {
  const match = PERIOD_PATTERN.exec(period);
  if (!match) throw new RangeError(`Not a planning period: ${period}`);
  const year = Number(match[1]);
  const part = match[2];
  let first = 1;
  let last = 12;
  let label = String(year);
  if (part?.startsWith("Q")) {
    last = Number(part.slice(1)) * 3;
    first = last - 2;
    label = `${part} ${year}`;
  } else if (part?.startsWith("H")) {
    last = Number(part.slice(1)) * 6;
    first = last - 5;
    label = `${part} ${year}`;
  } else if (part) {
    first = last = Number(part);
    label = `${MONTHS[first - 1]} ${year}`;
  }
  const start = Date.UTC(year, first - 1, 1);
  const end = Date.UTC(year, last, 0);
  return {
    label,
    start: new Date(start).toISOString().slice(0, 10),
    end: new Date(end).toISOString().slice(0, 10),
    weeks: Math.ceil((end - start + DAY_MS) / (7 * DAY_MS)),
  };
}
