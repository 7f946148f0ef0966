/**
 * How many DynamoDB requests each principal has sent, by operation (`GetItem`, `BatchGetItem`,
 * `Query`, `TransactWriteItems`, …): one `Query` request is one page. The recording proxy in front of
 * DynamoDB Local (`dynamodb-recorder.ts`) counts each request as it passes; the local cloud's
 * `counts()` asks it over IPC for its counts so far, so a request answered before the call is counted
 * in its answer.
 */
export type OperationCounts = Record<string, Record<string, number>>;

export class DynamoDbOperationLog {
  readonly #counts: OperationCounts = {};
  #flush: () => Promise<OperationCounts> = async () => this.snapshot();

  /** Counts one request of `principal`. */
  add(principal: string, operation: string): void {
    const of = this.#counts[principal] ?? {};
    of[operation] = (of[operation] ?? 0) + 1;
    this.#counts[principal] = of;
  }

  /** Every principal's counts so far, a copy. */
  snapshot(): OperationCounts {
    return Object.fromEntries(Object.entries(this.#counts).map(([p, ops]) => [p, { ...ops }]));
  }

  /** How to ask the recorder for its counts (`startDynamoDbLocal` sets it). */
  flushWith(flush: () => Promise<OperationCounts>): void {
    this.#flush = flush;
  }

  /** Every principal's counts so far, as the recorder has them once every earlier answer was counted. */
  async counts(): Promise<OperationCounts> {
    return this.#flush();
  }
}

/** What `principals` sent between two `counts()`, by operation, zero counts left out. */
export function countsBetween(
  before: OperationCounts,
  after: OperationCounts,
  principals: readonly string[],
): Record<string, Record<string, number>> {
  const delta: Record<string, Record<string, number>> = {};
  for (const principal of principals) {
    const ops: Record<string, number> = {};
    for (const [operation, n] of Object.entries(after[principal] ?? {})) {
      const sent = n - (before[principal]?.[operation] ?? 0);
      if (sent > 0) ops[operation] = sent;
    }
    delta[principal] = ops;
  }
  return delta;
}
