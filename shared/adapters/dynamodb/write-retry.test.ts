import { describe, expect, it } from "vitest";
import { NotFoundError, StaleVersionError, WriteConflictError } from "#shared/domain/errors";
import { retryConflicts, retryReadCheckWrite, WRITE_RETRY_POLICY } from "./write-retry.ts";

/** The policy's attempts, without its waits. */
const policy = { ...WRITE_RETRY_POLICY, delayMs: () => 0 };

/** A write that fails with `error()` every time, counting its tries. */
function failing(error: () => Error) {
  const tries = { count: 0 };
  return {
    tries,
    write: async () => {
      tries.count++;
      throw error();
    },
  };
}

describe("the write retry policy", () => {
  it("tries a write that keeps meeting concurrent transactions the policy's attempts in all", async () => {
    const { tries, write } = failing(() => new WriteConflictError("conflict"));
    await expect(retryConflicts(write, policy)).rejects.toBeInstanceOf(WriteConflictError);
    expect(tries.count).toBe(WRITE_RETRY_POLICY.attempts);
  });

  it("bounds a read-check-write around a retrying transaction by the same count, not its square", async () => {
    const transaction = failing(() => new WriteConflictError("conflict"));
    let reads = 0;
    const readCheckWrite = async () => {
      reads++;
      await retryConflicts(transaction.write, policy);
    };
    await expect(retryReadCheckWrite(readCheckWrite, policy)).rejects.toBeInstanceOf(WriteConflictError);
    expect(transaction.tries.count).toBe(WRITE_RETRY_POLICY.attempts);
    expect(reads).toBe(WRITE_RETRY_POLICY.attempts);
  });

  it("bounds concurrent writes inside one read-check-write: each tried once per round", async () => {
    const a = failing(() => new WriteConflictError("conflict"));
    const b = failing(() => new WriteConflictError("conflict"));
    await expect(
      retryReadCheckWrite(
        () => Promise.all([retryConflicts(a.write, policy), retryConflicts(b.write, policy)]),
        policy,
      ),
    ).rejects.toBeInstanceOf(WriteConflictError);
    expect([a.tries.count, b.tries.count]).toEqual([
      WRITE_RETRY_POLICY.attempts,
      WRITE_RETRY_POLICY.attempts,
    ]);
  });

  it("reads again after a stale version, but never resends the same write for one", async () => {
    const stale = failing(() => new StaleVersionError("stale"));
    await expect(retryConflicts(stale.write, policy)).rejects.toBeInstanceOf(StaleVersionError);
    expect(stale.tries.count).toBe(1);

    let reads = 0;
    const result = await retryReadCheckWrite(async () => {
      reads++;
      if (reads < 3) throw new StaleVersionError("stale");
      return "written";
    }, policy);
    expect(result).toBe("written");
    expect(reads).toBe(3);
  });

  it("does not retry any other failure", async () => {
    const missing = failing(() => new NotFoundError("gone"));
    await expect(retryReadCheckWrite(missing.write, policy)).rejects.toBeInstanceOf(NotFoundError);
    expect(missing.tries.count).toBe(1);
  });

  it("retries a transaction on its own again once the read-check-write around it has ended", async () => {
    await retryReadCheckWrite(async () => "done", policy);
    const { tries, write } = failing(() => new WriteConflictError("conflict"));
    await expect(retryConflicts(write, policy)).rejects.toBeInstanceOf(WriteConflictError);
    expect(tries.count).toBe(WRITE_RETRY_POLICY.attempts);
  });

  it("waits a random, growing time before each retry: below 25 ms × 2ⁿ, never a second or more", () => {
    for (let retry = 1; retry < WRITE_RETRY_POLICY.attempts; retry++) {
      const delay = WRITE_RETRY_POLICY.delayMs(retry);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(1_000, 25 * 2 ** retry));
    }
  });
});
