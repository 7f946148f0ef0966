/**
 * Reconnect delays: exponential, capped, with full jitter so that a thousand portals dropped by the
 * same deploy do not all come back in the same second.
 */
export const BACKOFF = { baseMs: 500, capMs: 30_000 } as const;

/** The delay before reconnect attempt `attempt` (0 = the first retry); `random` in [0, 1). */
export function reconnectDelayMs(attempt: number, random: number = Math.random()): number {
  const ceiling = Math.min(BACKOFF.capMs, BACKOFF.baseMs * 2 ** Math.min(attempt, 16));
  return Math.floor(random * ceiling);
}
