/**
 * The one retry policy of a write to the table, stated once:
 *
 * - **Which failures.** A write that met a concurrent transaction on the same items
 *   (`WriteConflictError`): DynamoDB cancelled all of it, so the same request may simply run again.
 *   A versioned write that lost to another (`StaleVersionError`): only a caller that reads again and
 *   judges again (a read-check-write) can cure that, so only `retryReadCheckWrite` retries it.
 *   Nothing else is retried here (the SDK already retries throttling and network faults).
 * - **How many.** `WRITE_RETRY_POLICY.attempts` tries of one write in all, however the retries
 *   nest: inside a `retryReadCheckWrite` loop, `SingleTable.transact` (which retries its conflicts
 *   through `retryConflicts` when it runs alone) sends once and leaves the retry to the loop, so the
 *   loop's count is the only count.
 * - **What backoff.** Full jitter: before the n-th retry, a random wait below `25 ms × 2ⁿ`, capped
 *   at 1 s (below 50, 100, 200, 400, 800, 1000, 1000 ms: under 3.6 s in all), so writers that
 *   collided spread out. A burst of 50 reservations on one tenant's balance serialises on that item;
 *   the window has to outlast the queue, or some of the burst would fail with a conflict instead of
 *   being served (or refused for want of credits).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { StaleVersionError, WriteConflictError } from "#shared/domain/errors";

const MAX_DELAY_MS = 1_000;

export interface WriteRetryPolicy {
  /** Tries of one write in all, the first included. */
  attempts: number;
  /** The wait before retry `retry` (1 for the first retry), in milliseconds. */
  delayMs: (retry: number) => number;
}

/** Contention on one item (a tenant's credit balance under a burst) clears within a few seconds. */
export const WRITE_RETRY_POLICY: WriteRetryPolicy = {
  attempts: 8,
  delayMs: (retry) => Math.random() * Math.min(MAX_DELAY_MS, 25 * 2 ** retry),
};

/**
 * Set while a read-check-write loop runs: a loop started inside it tries once, so retries never
 * multiply. Only a read-check-write sets it: while an `AsyncLocalStorage` has ever run, Node
 * (before 24) tracks every promise of the process through async hooks, so the single writes of a
 * hot path (a consumer's jobs) only look at it.
 */
const insideRetry = new AsyncLocalStorage<true>();

/**
 * Sends the same write again while it meets a concurrent transaction (`WriteConflictError`); inside
 * a `retryReadCheckWrite` loop, sends it once. `write` is one request: nothing inside it retries.
 */
export function retryConflicts<T>(write: () => Promise<T>, policy = WRITE_RETRY_POLICY): Promise<T> {
  if (insideRetry.getStore()) return write();
  return attempts(write, (error) => error instanceof WriteConflictError, policy);
}

/**
 * Runs a read-check-write (reads, judges, writes on the versions it read) again while another writer
 * got there first — a stale version or a conflicting transaction — so it reads and judges afresh.
 * The writes inside it are not retried on their own: this loop's attempts bound the whole.
 */
export function retryReadCheckWrite<T>(attempt: () => Promise<T>, policy = WRITE_RETRY_POLICY): Promise<T> {
  if (insideRetry.getStore()) return attempt();
  return insideRetry.run(true, () =>
    attempts(
      attempt,
      (error) => error instanceof StaleVersionError || error instanceof WriteConflictError,
      policy,
    ),
  );
}

async function attempts<T>(
  write: () => Promise<T>,
  retryable: (error: unknown) => boolean,
  policy: WriteRetryPolicy,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!retryable(error) || attempt >= policy.attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, policy.delayMs(attempt)));
    }
  }
}
