/**
 * Schedule expressions: parsing and validating them, and when one fires next. The local scheduler
 * (`schedules.ts`) runs the declared schedules by them.
 *
 * Expressions, per the EventBridge user guide ("Creating a rule that runs on a schedule"), which
 * EventBridge Scheduler shares:
 * - `rate(value unit)`: value a positive integer; unit `minute`/`hour`/`day` when the value is 1,
 *   `minutes`/`hours`/`days` when it is more (`rate(1 hours)` and `rate(5 hour)` are invalid). A rate
 *   runs from when the schedule is created: locally, from when the scheduler starts.
 * - `cron(minutes hours day-of-month month day-of-week year)`, six fields, UTC, minute precision:
 *   | field        | values              | wildcards       |
 *   | minutes      | 0-59                | , - * /         |
 *   | hours        | 0-23                | , - * /         |
 *   | day-of-month | 1-31                | , - * ? / L W   |
 *   | month        | 1-12 or JAN-DEC     | , - * /         |
 *   | day-of-week  | 1-7 or SUN-SAT      | , - * ? L #     |
 *   | year         | 1970-2199           | , - * /         |
 *   One of day-of-month and day-of-week must be `?` (not both: a value or `*` in one, `?` in the
 *   other). `a/n` starts at a and steps by n; a range may wrap (`20-2` hours is 20-23 and 0-2).
 *   `L` is the last day of the month (day-of-month) or of the week, Saturday (day-of-week); `nL` in
 *   day-of-week the last such weekday of the month (`6L`, the last Friday); `nW` the weekday nearest
 *   day n within its month, `LW` the month's last weekday; `d#k` the k-th weekday d of the month,
 *   alone in its field (`3#1,6#3` is invalid).
 */

/** What Scheduler answers (a `ValidationException`) for a malformed expression. */
export class InvalidScheduleExpression extends Error {
  override readonly name = "ValidationException";
  constructor(expression: string, reason: string) {
    super(`Invalid Schedule Expression ${expression}: ${reason}`);
  }
}

const MINUTE = 60_000;
const RATE_UNITS = { minute: MINUTE, hour: 60 * MINUTE, day: 24 * 60 * MINUTE } as const;

interface DayOfMonth {
  any: boolean;
  days: Set<number>;
  last: boolean;
  lastWeekday: boolean;
  nearestWeekday: number[];
}

interface DayOfWeek {
  any: boolean;
  /** 1 = Sunday … 7 = Saturday. */
  days: Set<number>;
  /** `nL`: the last weekday n of the month. */
  last: number[];
  /** `d#k`. */
  nth: { day: number; k: number } | undefined;
}

export type ParsedSchedule =
  | { kind: "rate"; everyMs: number }
  | {
      kind: "cron";
      minutes: Set<number>;
      hours: Set<number>;
      dayOfMonth: DayOfMonth;
      months: Set<number>;
      dayOfWeek: DayOfWeek;
      years: Set<number>;
    };

/** Parses and validates a `rate(...)` or `cron(...)` expression; throws `InvalidScheduleExpression`. */
export function parseScheduleExpression(expression: string): ParsedSchedule {
  const fail = (reason: string): never => {
    throw new InvalidScheduleExpression(expression, reason);
  };
  const rate = /^rate\((.*)\)$/.exec(expression);
  if (rate) {
    const match = /^([1-9]\d*) (minute|minutes|hour|hours|day|days)$/.exec(rate[1] ?? "");
    if (!match)
      return fail("expected rate(value unit) with a positive integer and minute(s), hour(s) or day(s)");
    const value = Number(match[1]);
    const unit = match[2] as string;
    const singular = !unit.endsWith("s");
    if (value === 1 && !singular) fail(`a value of 1 takes the singular unit ${unit.slice(0, -1)}`);
    if (value > 1 && singular) fail(`a value over 1 takes the plural unit ${unit}s`);
    const base = (singular ? unit : unit.slice(0, -1)) as keyof typeof RATE_UNITS;
    return { kind: "rate", everyMs: value * RATE_UNITS[base] };
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) return fail("expected rate(...) or cron(...)");
  const fields = (cron[1] ?? "").trim().split(/\s+/);
  if (fields.length !== 6) return fail(`cron takes 6 fields, got ${fields.length}`);
  const [minutes, hours, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if ((dom === "?") === (dow === "?")) {
    fail("one of day-of-month and day-of-week must be ?, and only one");
  }
  return {
    kind: "cron",
    minutes: numbers(minutes, { name: "minutes", min: 0, max: 59 }, fail),
    hours: numbers(hours, { name: "hours", min: 0, max: 23 }, fail),
    dayOfMonth: dayOfMonth(dom, fail),
    months: numbers(month, { name: "month", min: 1, max: 12, names: MONTHS }, fail),
    dayOfWeek: dayOfWeek(dow, fail),
    years: numbers(year, { name: "year", min: 1970, max: 2199 }, fail),
  };
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  /** Names of the values from `min` on (months, weekdays). */
  names?: readonly string[];
  /** Whether `/` is allowed (not in day-of-week). */
  noStep?: boolean;
}

type Fail = (reason: string) => never;

function value(text: string, spec: FieldSpec, fail: Fail): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const n = named >= 0 ? spec.min + named : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < spec.min || n > spec.max) {
    fail(`${spec.name}: "${text}" is not in ${spec.min}-${spec.max}`);
  }
  return n;
}

/** A field of `,`-separated `*`, `n`, `a-b` (wrapping), `a/n`, `*\/n`, `a-b/n` terms. */
function numbers(field: string, spec: FieldSpec, fail: Fail, term?: (part: string) => boolean): Set<number> {
  const set = new Set<number>();
  for (const part of field.split(",")) {
    if (part === "") fail(`${spec.name}: empty term in "${field}"`);
    if (term?.(part)) continue;
    const [range = "", stepText, ...extra] = part.split("/");
    if (extra.length > 0) fail(`${spec.name}: "${part}" has more than one /`);
    if (stepText !== undefined && spec.noStep) fail(`${spec.name}: / is not allowed`);
    const step =
      stepText === undefined
        ? 1
        : /^[1-9]\d*$/.test(stepText)
          ? Number(stepText)
          : fail(`${spec.name}: bad increment "${stepText}"`);
    let from: number;
    let to: number;
    if (range === "*") {
      from = spec.min;
      to = spec.max;
    } else if (range.includes("-")) {
      const [a = "", b = "", ...more] = range.split("-");
      if (more.length > 0) fail(`${spec.name}: bad range "${range}"`);
      from = value(a, spec, fail);
      to = value(b, spec, fail);
    } else {
      from = value(range, spec, fail);
      to = stepText === undefined ? from : spec.max;
    }
    // A range may wrap: 20-2 hours is 20-23 and 0-2.
    const span = to >= from ? to - from : spec.max - from + 1 + (to - spec.min);
    for (let i = 0; i <= span; i += step) {
      set.add(((from - spec.min + i) % (spec.max - spec.min + 1)) + spec.min);
    }
  }
  return set;
}

function dayOfMonth(field: string, fail: Fail): DayOfMonth {
  const result: DayOfMonth = {
    any: false,
    days: new Set(),
    last: false,
    lastWeekday: false,
    nearestWeekday: [],
  };
  if (field === "?") return { ...result, any: true };
  const spec: FieldSpec = { name: "day-of-month", min: 1, max: 31 };
  result.days = numbers(field, spec, fail, (part) => {
    if (part === "L") result.last = true;
    else if (part === "LW") result.lastWeekday = true;
    else if (/^\d+W$/.test(part)) result.nearestWeekday.push(value(part.slice(0, -1), spec, fail));
    else if (part.includes("?")) fail("day-of-month: ? must stand alone");
    else return false;
    return true;
  });
  return result;
}

function dayOfWeek(field: string, fail: Fail): DayOfWeek {
  const result: DayOfWeek = { any: false, days: new Set(), last: [], nth: undefined };
  if (field === "?") return { ...result, any: true };
  const spec: FieldSpec = { name: "day-of-week", min: 1, max: 7, names: WEEKDAYS, noStep: true };
  if (field.includes("#")) {
    const match = /^([^#,]+)#([1-5])$/.exec(field);
    if (!match) fail(`day-of-week: "${field}" must be a single d#k with k in 1-5`);
    result.nth = { day: value(match?.[1] ?? "", spec, fail), k: Number(match?.[2]) };
    return result;
  }
  let saturday = false;
  result.days = numbers(field, spec, fail, (part) => {
    // `L` alone is the last day of the week: Saturday.
    if (part === "L") saturday = true;
    else if (/^[^L]+L$/.test(part)) result.last.push(value(part.slice(0, -1), spec, fail));
    else if (part.includes("?")) fail("day-of-week: ? must stand alone");
    else return false;
    return true;
  });
  if (saturday) result.days.add(7);
  return result;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The weekday (Mon-Fri) nearest day n within its month; undefined when the month is shorter than n. */
function nearestWeekday(year: number, month: number, n: number): number | undefined {
  const last = daysInMonth(year, month);
  if (n > last) return undefined;
  const weekday = new Date(Date.UTC(year, month - 1, n)).getUTCDay();
  if (weekday === 6) return n === 1 ? 3 : n - 1;
  if (weekday === 0) return n === last ? n - 2 : n + 1;
  return n;
}

function dayMatches(
  schedule: Extract<ParsedSchedule, { kind: "cron" }>,
  y: number,
  m: number,
  d: number,
): boolean {
  const last = daysInMonth(y, m);
  if (schedule.dayOfWeek.any) {
    const dom = schedule.dayOfMonth;
    if (dom.any || dom.days.has(d)) return true;
    if (dom.last && d === last) return true;
    if (dom.lastWeekday && d === nearestWeekday(y, m, last)) return true;
    return dom.nearestWeekday.some((n) => nearestWeekday(y, m, n) === d);
  }
  const dow = schedule.dayOfWeek;
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 1;
  if (dow.days.has(weekday)) return true;
  if (dow.last.includes(weekday) && d + 7 > last) return true;
  return dow.nth !== undefined && dow.nth.day === weekday && Math.ceil(d / 7) === dow.nth.k;
}

/**
 * The first time after `after` (strictly) that `expression` fires, in UTC; `undefined` when a cron
 * expression never fires again (its years are past). A rate fires every period from `anchor` (when the
 * schedule started; by default `after` itself, so the answer is one period later).
 */
export function nextFireTime(expression: string, after: Date, anchor: Date = after): Date | undefined {
  const schedule = parseScheduleExpression(expression);
  if (schedule.kind === "rate") {
    const periods = Math.max(1, Math.floor((after.getTime() - anchor.getTime()) / schedule.everyMs) + 1);
    return new Date(anchor.getTime() + periods * schedule.everyMs);
  }
  // Candidate minute: the first whole minute after `after`.
  const start = new Date(Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE);
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth() + 1;
  let d = start.getUTCDate();
  let fromMinute = start.getUTCHours() * 60 + start.getUTCMinutes();
  while (y <= 2199) {
    if (!schedule.years.has(y)) {
      [y, m, d, fromMinute] = [y + 1, 1, 1, 0];
      continue;
    }
    if (!schedule.months.has(m)) {
      [y, m, d, fromMinute] = m === 12 ? [y + 1, 1, 1, 0] : [y, m + 1, 1, 0];
      continue;
    }
    if (d > daysInMonth(y, m)) {
      [y, m, d, fromMinute] = m === 12 ? [y + 1, 1, 1, 0] : [y, m + 1, 1, 0];
      continue;
    }
    if (dayMatches(schedule, y, m, d)) {
      for (let minuteOfDay = fromMinute; minuteOfDay < 24 * 60; minuteOfDay++) {
        const hour = Math.floor(minuteOfDay / 60);
        if (!schedule.hours.has(hour)) {
          minuteOfDay = hour * 60 + 59;
          continue;
        }
        if (schedule.minutes.has(minuteOfDay % 60)) {
          return new Date(Date.UTC(y, m - 1, d, hour, minuteOfDay % 60));
        }
      }
    }
    [d, fromMinute] = [d + 1, 0];
  }
  return undefined;
}
