import { describe, expect, it } from "vitest";
import { RETRY_AFTER_FAILURE_MS, RefreshSchedule } from "./refresh-schedule.ts";

function scheduleAt(clock: { now: number }) {
  return new RefreshSchedule("the test value", { maxAgeMs: 60_000, now: () => clock.now });
}

describe("a refresh schedule", () => {
  it("is never due before a first read, and due once the value outlives its max age", () => {
    const clock = { now: 1_000_000 };
    const schedule = scheduleAt(clock);
    expect(schedule.due).toBe(false);
    schedule.loaded();
    clock.now += 60_000;
    expect(schedule.due).toBe(false);
    clock.now += 1;
    expect(schedule.due).toBe(true);
    expect(schedule.olderThan(60_001)).toBe(false);
  });

  it("answers the fresh value when a re-read succeeds", async () => {
    const schedule = scheduleAt({ now: 0 });
    await expect(schedule.refresh(async () => "new", "held")).resolves.toBe("new");
  });

  it("keeps serving the held value when a re-read fails, and tries again only after the retry delay", async () => {
    const clock = { now: 1_000_000 };
    const schedule = scheduleAt(clock);
    schedule.loaded();
    clock.now += 120_000;
    expect(schedule.due).toBe(true);
    await expect(
      schedule.refresh(async () => {
        throw new Error("Secrets Manager is down");
      }, "held"),
    ).resolves.toBe("held");
    expect(schedule.due).toBe(false);
    clock.now += RETRY_AFTER_FAILURE_MS;
    expect(schedule.due).toBe(false);
    clock.now += 1;
    expect(schedule.due).toBe(true);
  });
});
