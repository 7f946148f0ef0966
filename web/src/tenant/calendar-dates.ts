/**
 * The calendar's date math, pure. Days are `YYYY-MM-DD` keys, counted in UTC arithmetic so no
 * daylight-saving change ever skips or doubles a day; only the edges touch a time zone: which day an
 * instant falls on there, and the instant a day starts there. Scheduled times are sent and queried
 * as UTC instants (`…Z`), the one form the server's calendar orders correctly as text.
 */

/** `YYYY-MM-DD`. */
export type DateKey = string;

/** The browser's time zone. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function parts(key: DateKey): [number, number, number] {
  const [y, m, d] = key.split("-").map(Number);
  return [y ?? 1970, m ?? 1, d ?? 1];
}

function keyOfUtc(date: Date): DateKey {
  return date.toISOString().slice(0, 10);
}

function utc(key: DateKey): Date {
  const [y, m, d] = parts(key);
  return new Date(Date.UTC(y, m - 1, d));
}

export function addDays(key: DateKey, days: number): DateKey {
  const date = utc(key);
  date.setUTCDate(date.getUTCDate() + days);
  return keyOfUtc(date);
}

/** The same day `months` later, clamped to the month's last day (31 Jan + 1 month → 28/29 Feb). */
export function addMonths(key: DateKey, months: number): DateKey {
  const [y, m, d] = parts(key);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return keyOfUtc(first);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(key: DateKey): number {
  return utc(key).getUTCDay();
}

/** The first day of `key`'s week; weeks start on Monday unless told otherwise. */
export function startOfWeek(key: DateKey, weekStartsOn = 1): DateKey {
  return addDays(key, -((weekday(key) - weekStartsOn + 7) % 7));
}

export function weekDays(key: DateKey, weekStartsOn = 1): DateKey[] {
  const start = startOfWeek(key, weekStartsOn);
  return Array.from({ length: 7 }, (_, i) => addDays(start, i));
}

export function sameMonth(a: DateKey, b: DateKey): boolean {
  return a.slice(0, 7) === b.slice(0, 7);
}

/** The whole weeks that cover `key`'s month, as rows of seven days. */
export function monthGrid(key: DateKey, weekStartsOn = 1): DateKey[][] {
  const first = `${key.slice(0, 7)}-01`;
  const weeks: DateKey[][] = [];
  for (let start = startOfWeek(first, weekStartsOn); sameMonth(start, first) || weeks.length === 0; ) {
    const week = weekDays(start, weekStartsOn);
    weeks.push(week);
    start = addDays(start, 7);
  }
  return weeks;
}

/** Minutes `timeZone` is ahead of UTC at `instant`. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const fields = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => Number(fields.find((f) => f.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The day an instant falls on in `timeZone`. */
export function dateKeyOf(instant: string | Date, timeZone: string): DateKey {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  return keyOfUtc(new Date(date.getTime() + offsetMinutes(date, timeZone) * 60_000));
}

/** The instant `key` reaches `hour` o'clock in `timeZone` (as the wall clock there reads it). */
export function instantOf(key: DateKey, timeZone: string, hour = 0): Date {
  const wall = utc(key).getTime() + hour * 3_600_000;
  // The offset at the wall time read as UTC, then again at the instant found (a DST edge moves it).
  let instant = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  instant = wall - offsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/** The calendar query for the days shown: from the first day's start to the last day's end. */
export function rangeQuery(days: readonly DateKey[], timeZone: string): { from: string; to: string } {
  const first = days[0] ?? "1970-01-01";
  const last = days.at(-1) ?? first;
  return {
    from: instantOf(first, timeZone).toISOString(),
    to: new Date(instantOf(addDays(last, 1), timeZone).getTime() - 1).toISOString(),
  };
}

/** The hour a day picked on the calendar is scheduled at, in the tenant's time zone. */
export const SCHEDULE_HOUR = 9;

/** What `PUT …/schedule` is sent for a day picked on the calendar. */
export function scheduledFor(key: DateKey, timeZone: string): string {
  return instantOf(key, timeZone, SCHEDULE_HOUR).toISOString();
}

/** Items grouped by the day they fall on in `timeZone`, each day's in time order. */
export function byDay<T extends { scheduledFor: string }>(
  items: readonly T[],
  timeZone: string,
): Map<DateKey, T[]> {
  const days = new Map<DateKey, T[]>();
  for (const item of [...items].sort((a, b) => Date.parse(a.scheduledFor) - Date.parse(b.scheduledFor))) {
    const key = dateKeyOf(item.scheduledFor, timeZone);
    days.set(key, [...(days.get(key) ?? []), item]);
  }
  return days;
}

/** Where a key press moves the focused day of a grid (arrows, Home/End, Page Up/Down), if anywhere. */
export function moveFocus(key: DateKey, pressed: string, weekStartsOn = 1): DateKey | undefined {
  switch (pressed) {
    case "ArrowLeft":
      return addDays(key, -1);
    case "ArrowRight":
      return addDays(key, 1);
    case "ArrowUp":
      return addDays(key, -7);
    case "ArrowDown":
      return addDays(key, 7);
    case "Home":
      return startOfWeek(key, weekStartsOn);
    case "End":
      return addDays(startOfWeek(key, weekStartsOn), 6);
    case "PageUp":
      return addMonths(key, -1);
    case "PageDown":
      return addMonths(key, 1);
    default:
      return undefined;
  }
}

/** "December 2026". */
export function monthTitle(key: DateKey, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(
    utc(key),
  );
}

/** "Monday 7 December 2026" (for a day's accessible name). */
export function dayTitle(key: DateKey, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone: "UTC" }).format(utc(key));
}

/** "Mon", "Tue"… for the grid's column headers. */
export function weekdayName(key: DateKey, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" }).format(utc(key));
}
