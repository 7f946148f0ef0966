import type { RetryClock } from "../http-retry.ts";

/** A clock that records each wait instead of waiting, and draws 0.5 every time. */
export function fakeClock(now = Date.parse("2026-03-01T12:00:00Z")): RetryClock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    now: () => now,
  };
}
