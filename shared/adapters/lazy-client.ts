import { traceAwsClient } from "#shared/platform/tracing/aws-client-tracing";

/**
 * An SDK client, or how to make it when it is first needed. A client made at cold start costs its
 * config resolution (region, endpoint, retries, user agent: ~3 ms for each client here) in every
 * cold start, although an API function uses its SQS and EventBridge clients on a few routes only
 * (docs/decisions/0004-cold-start-budget.md).
 */
export type ClientSource<C> = C | (() => C);

/** What `traceAwsClient` accepts: any AWS SDK v3 client. */
type Traceable = Parameters<typeof traceAwsClient>[0];

/**
 * One client from `source`, made and traced (`traceAwsClient`) on the first call, the same instance
 * on every call after. Pass one `lazyClient` to several adapters when they must share a client (the
 * event publishers of a function batch their PutEvents per client).
 */
export function lazyClient<C extends Traceable>(source: ClientSource<C>): () => C {
  let client: C | undefined;
  return () => {
    // An SDK client is an object; only the factory is a function.
    client ??= traceAwsClient(typeof source === "function" ? (source as () => C)() : source);
    return client;
  };
}

/**
 * A value loaded on the first call, not before, and then held for the life of the process; a failed
 * load is not held, so the next call tries again.
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let held: Promise<T> | undefined;
  return () => {
    held ??= load().catch((error: unknown) => {
      held = undefined;
      throw error;
    });
    return held;
  };
}
