import { afterEach, describe, expect, it, vi } from "vitest";
import type { LocalFunction } from "./lambda-runtime.ts";
import { InvalidScheduleExpression, nextFireTime, parseScheduleExpression } from "./schedule-expression.ts";
import { LocalSchedules } from "./schedules.ts";

const at = (iso: string) => new Date(iso);

describe("nextFireTime", () => {
  it.each([
    // rate: every period from the anchor (by default `after` itself)
    ["rate(1 minute)", "2024-01-01T12:00:30Z", "2024-01-01T12:01:30.000Z"],
    ["rate(5 minutes)", "2024-01-01T12:00:00Z", "2024-01-01T12:05:00.000Z"],
    ["rate(1 hour)", "2024-01-01T12:00:00Z", "2024-01-01T13:00:00.000Z"],
    ["rate(2 days)", "2024-01-01T12:00:00Z", "2024-01-03T12:00:00.000Z"],
    // cron, from the guide's examples
    ["cron(0 10 * * ? *)", "2024-01-01T10:00:00Z", "2024-01-02T10:00:00.000Z"],
    ["cron(0 10 * * ? *)", "2024-01-01T09:59:59Z", "2024-01-01T10:00:00.000Z"],
    ["cron(15 12 * * ? *)", "2024-01-01T12:15:30Z", "2024-01-02T12:15:00.000Z"],
    ["cron(5,35 14 * * ? *)", "2024-01-01T14:05:00Z", "2024-01-01T14:35:00.000Z"],
    ["cron(0 18 ? * MON-FRI *)", "2024-01-05T18:00:00Z", "2024-01-08T18:00:00.000Z"],
    ["cron(0 8 1 * ? *)", "2024-01-15T00:00:00Z", "2024-02-01T08:00:00.000Z"],
    ["cron(0/15 * * * ? *)", "2024-01-01T10:07:00Z", "2024-01-01T10:15:00.000Z"],
    ["cron(1/10 * * * ? *)", "2024-01-01T10:12:00Z", "2024-01-01T10:21:00.000Z"],
    ["cron(*/20 * * * ? *)", "2024-01-01T10:40:00Z", "2024-01-01T11:00:00.000Z"],
    ["cron(0/10 * ? * MON-FRI *)", "2024-01-06T10:00:00Z", "2024-01-08T00:00:00.000Z"],
    ["cron(0/5 8-17 ? * MON-FRI *)", "2024-01-08T17:55:00Z", "2024-01-09T08:00:00.000Z"],
    // a wrapping hour range: Saturday 00:00 is not a weekday, Monday 00:00 is
    ["cron(0/30 20-2 ? * MON-FRI *)", "2024-01-05T23:45:00Z", "2024-01-08T00:00:00.000Z"],
    ["cron(0/30 20-2 ? * MON-FRI *)", "2024-01-08T02:30:00Z", "2024-01-08T20:00:00.000Z"],
    // L, W, # and names
    ["cron(15 10 ? * 6L 2019-2022)", "2022-12-01T00:00:00Z", "2022-12-30T10:15:00.000Z"],
    ["cron(0 0 L * ? *)", "2024-02-10T00:00:00Z", "2024-02-29T00:00:00.000Z"],
    ["cron(0 0 LW * ? *)", "2024-03-01T00:00:00Z", "2024-03-29T00:00:00.000Z"],
    ["cron(0 9 15W * ? *)", "2024-06-01T00:00:00Z", "2024-06-14T09:00:00.000Z"],
    ["cron(0 9 1W * ? *)", "2024-05-31T00:00:00Z", "2024-06-03T09:00:00.000Z"],
    ["cron(0 10 ? * 3#2 *)", "2024-01-01T00:00:00Z", "2024-01-09T10:00:00.000Z"],
    ["cron(0 0 ? * L *)", "2024-01-01T00:00:00Z", "2024-01-06T00:00:00.000Z"],
    ["cron(0 0 1 JAN,jul ? *)", "2024-02-01T00:00:00Z", "2024-07-01T00:00:00.000Z"],
    ["cron(0 0 ? * SUN *)", "2024-01-01T00:00:00Z", "2024-01-07T00:00:00.000Z"],
    ["cron(0 0 29 2 ? *)", "2024-03-01T00:00:00Z", "2028-02-29T00:00:00.000Z"],
    ["cron(30 23 31 12 ? 2030)", "2024-01-01T00:00:00Z", "2030-12-31T23:30:00.000Z"],
  ])("%s after %s → %s", (expression, after, expected) => {
    expect(nextFireTime(expression, at(after))?.toISOString()).toBe(expected);
  });

  it("counts a rate from its anchor", () => {
    const anchor = at("2024-01-01T12:00:00Z");
    expect(nextFireTime("rate(5 minutes)", at("2024-01-01T12:07:00Z"), anchor)?.toISOString()).toBe(
      "2024-01-01T12:10:00.000Z",
    );
    expect(nextFireTime("rate(5 minutes)", at("2024-01-01T12:10:00Z"), anchor)?.toISOString()).toBe(
      "2024-01-01T12:15:00.000Z",
    );
  });

  it("answers undefined when a cron expression's years are past", () => {
    expect(nextFireTime("cron(15 10 ? * 6L 2019-2022)", at("2023-01-01T00:00:00Z"))).toBeUndefined();
  });
});

describe("parseScheduleExpression", () => {
  it.each([
    "rate(0 minutes)",
    "rate(1 minutes)",
    "rate(5 minute)",
    "rate(5 weeks)",
    "rate(-1 minutes)",
    "rate(1.5 hours)",
    "rate(5  minutes)",
    "rate(5 Minutes)",
    "cron(0 12 * * * *)",
    "cron(0 12 ? * ? *)",
    "cron(0 12 * *)",
    "cron(0 12 * * ? * *)",
    "cron(60 * * * ? *)",
    "cron(0 24 * * ? *)",
    "cron(0 0 32 * ? *)",
    "cron(0 0 0 * ? *)",
    "cron(0 0 ? 13 * *)",
    "cron(0 0 ? * 8 *)",
    "cron(0 0 1 * ? 1969)",
    "cron(0 0 1 * ? 2200)",
    "cron(0 0 ? * 3#1,6#3 *)",
    "cron(0 0 ? * 2#6 *)",
    "cron(0 0 ? * MON/2 *)",
    "cron(0L 0 * * ? *)",
    "cron(0 0 1W ? * *)",
    "cron(0 0 ? * 1W *)",
    "cron(0 0 1 FOO ? *)",
    "cron(0/0 * * * ? *)",
    "cron(0 0 1,? * ? *)",
    "cron(0 0 * * ? *",
    "at(2024-01-01T00:00:00)",
    "every 5 minutes",
  ])("refuses %s", (expression) => {
    expect(() => parseScheduleExpression(expression)).toThrow(InvalidScheduleExpression);
  });

  it("names the expression in the error", () => {
    expect(() => parseScheduleExpression("rate(1 minutes)")).toThrow(
      "Invalid Schedule Expression rate(1 minutes): a value of 1 takes the singular unit minute",
    );
  });

  it("accepts the guide's examples", () => {
    for (const expression of [
      "cron(0 12 * * ? *)",
      "cron(5,35 14 * * ? *)",
      "cron(15 10 ? * 6L 2019-2022)",
      "cron(0/30 20-2 ? * MON-FRI *)",
      "cron(0 9 ? * 2#1 *)",
      "rate(1 minute)",
      "rate(5 minutes)",
      "rate(1 hour)",
      "rate(1 day)",
    ]) {
      expect(() => parseScheduleExpression(expression)).not.toThrow();
    }
  });
});

describe("LocalSchedules", () => {
  const fn: LocalFunction = { entry: "x.ts", name: "app-local-schedule-tick" };
  const nothing = async (): Promise<void> => undefined;
  const options = (deliver = vi.fn(nothing)) => ({
    schedules: [{ name: "tick", expression: "rate(1 minute)", scheduleName: "app-local-schedule-tick", fn }],
    region: "us-east-1",
    account: "000000000000",
    deliver,
    deadLetter: vi.fn(nothing),
    log: () => undefined,
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("fireNow delivers EventBridge Scheduler's default notification and waits for the delivery", async () => {
    let settled = false;
    const deliver = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      settled = true;
    });
    const schedules = new LocalSchedules({ ...options(deliver), now: () => at("2024-05-01T08:30:15.250Z") });

    await schedules.fireNow("tick");

    expect(settled).toBe(true);
    expect(deliver).toHaveBeenCalledTimes(1);
    const [target, event] = deliver.mock.calls[0] as unknown as [LocalFunction, Record<string, unknown>];
    expect(target).toBe(fn);
    expect(event).toEqual({
      version: "0",
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      "detail-type": "Scheduled Event",
      source: "aws.scheduler",
      account: "000000000000",
      time: "2024-05-01T08:30:15Z",
      region: "us-east-1",
      resources: ["arn:aws:scheduler:us-east-1:000000000000:schedule/default/app-local-schedule-tick"],
      detail: "{}",
    });
  });

  it("refuses to fire an undeclared schedule", async () => {
    const schedules = new LocalSchedules(options());
    await expect(schedules.fireNow("nope")).rejects.toThrow('no schedule named "nope"');
  });

  it("refuses an invalid expression when built", () => {
    expect(
      () =>
        new LocalSchedules({
          ...options(),
          schedules: [{ name: "bad", expression: "rate(1 minutes)", scheduleName: "bad", fn }],
        }),
    ).toThrow('schedule "bad": ValidationException: Invalid Schedule Expression rate(1 minutes)');
  });

  it("fires a rate schedule every period from start, with the scheduled time, until stopped", async () => {
    vi.useFakeTimers({ now: at("2024-05-01T08:00:00Z") });
    const deliver = vi.fn(nothing);
    const schedules = new LocalSchedules(options(deliver));
    schedules.start();

    await vi.advanceTimersByTimeAsync(59_000);
    expect(deliver).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    const times = deliver.mock.calls.map((call) => (call as unknown as [unknown, { time: string }])[1].time);
    expect(times).toEqual(["2024-05-01T08:01:00Z", "2024-05-01T08:02:00Z"]);

    schedules.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(deliver).toHaveBeenCalledTimes(2);
  });
});
