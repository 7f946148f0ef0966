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
 * - **What backoff.** Full jitter: before the n-th retry, a random wait below `baseDelayMs × 2ⁿ`
 *   (25 ms: below 50, 100, 200, 400 ms), so writers that collided spread out.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { StaleVersionError, WriteConflictError } from "#shared/domain/errors";

export interface WriteRetryPolicy {
  /** Tries of one write in all, the first included. */
  attempts: number;
  /** The wait before retry `retry` (1 for the first retry), in milliseconds. */
  delayMs: (retry: number) => number;
}

/** Contention on one item (a tenant's credit balance under a burst) usually clears within a few tries. */
export const WRITE_RETRY_POLICY: WriteRetryPolicy = {
  attempts: 5,
  delayMs: (retry) => Math.random() * 25 * 2 ** retry,
};

/** Set while a retry loop runs: a loop started inside it tries once, so retries never multiply. */
const insideRetry = new AsyncLocalStorage<true>();

/**
 * Sends the same write again while it meets a concurrent transaction (`WriteConflictError`); inside
 * a `retryReadCheckWrite` loop, sends it once.
 */
export function retryConflicts<T>(write: () => Promise<T>, policy = WRITE_RETRY_POLICY): Promise<T> {
  return retry(write, (error) => error instanceof WriteConflictError, policy);
}

/**
 * Runs a read-check-write (reads, judges, writes on the versions it read) again while another writer
 * got there first — a stale version or a conflicting transaction — so it reads and judges afresh.
 * The writes inside it are not retried on their own: this loop's attempts bound the whole.
 */
export function retryReadCheckWrite<T>(attempt: () => Promise<T>, policy = WRITE_RETRY_POLICY): Promise<T> {
  return retry(
    attempt,
    (error) => error instanceof StaleVersionError || error instanceof WriteConflictError,
    policy,
  );
}

async function retry<T>(
  write: () => Promise<T>,
  retryable: (error: unknown) => boolean,
  policy: WriteRetryPolicy,
): Promise<T> {
  if (insideRetry.getStore()) return write();
  return insideRetry.run(true, async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (!retryable(error) || attempt >= policy.attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, policy.delayMs(attempt)));
      }
    }
  });
}
