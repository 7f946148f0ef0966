/** What a fixture message asks its consumer to do; the body of every message in these tests. */

/**
 * For the queue function (`batch.handler.ts`). While the message's receive count is at most `times`
 * (default: always) it misbehaves as `do` says; after that it succeeds.
 * - `ok`: succeed.
 * - `fail`: be listed in `batchItemFailures`.
 * - `malformed`: make the answer list `answer` as an item identifier (default: an unknown id).
 * - `throw`: make the invocation throw.
 * - `sleep`: make the invocation outlast its timeout.
 * - `null`, `no-list`, `empty-list`: answer `null`, `{}`, `{ batchItemFailures: [] }`.
 */
export interface BatchInstruction {
  run: string;
  do: "ok" | "fail" | "malformed" | "throw" | "sleep" | "null" | "no-list" | "empty-list";
  times?: number;
  answer?: unknown;
}

/**
 * For the container consumer (`worker.entry.ts`).
 * - `ok`: done at once.
 * - `slow`: done after `ms` (aborted by the job's signal).
 * - `slow-once`: like `slow` on the first receive, `ok` after.
 */
export interface JobInstruction {
  run: string;
  do: "ok" | "slow" | "slow-once";
  ms?: number;
}
