/**
 * The one retry policy every remote model shares: a timeout per attempt, full-jitter exponential
 * backoff between attempts, the provider's `Retry-After` honoured up to a cap, and a budget of
 * attempts after which the call fails as a retryable `ModelError` (the job goes back to its queue).
 * Permanent failures (a refused request, bad credentials, an unknown model) are never retried.
 *
 * The fetch-based providers use `postJsonWithRetries`; Bedrock calls `withRetries` around the SDK,
 * whose own retries are switched off (`maxAttempts: 1`) so that one budget governs every provider.
 */
import { setTimeout as sleepFor } from "node:timers/promises";
import { type $ZodType, type output, safeParse } from "zod/v4/core";
import { ModelError, type ModelPricing, type ModelProviderName } from "#shared/domain/agents/model";

export interface RetryPolicy {
  /** Attempts in all, the first one included. @default 3 */
  maxAttempts: number;
  /** Longest one attempt may take, reading the whole answer included. @default 120_000 */
  timeoutMs: number;
  /** Backoff ceiling before the first retry; it doubles for each further retry. @default 500 */
  baseDelayMs: number;
  /** Largest backoff ceiling. @default 10_000 */
  maxDelayMs: number;
  /**
   * Longest `Retry-After` waited out in process. A provider asking for longer ends the call at once
   * (retryable, with `retryAfterMs`), so that the queue, not a sleeping worker, does the waiting.
   * @default 20_000
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 3,
  timeoutMs: 120_000,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 20_000,
};

/** The policy with the given fields replaced; absent (`undefined`) fields keep their default. */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY };
  for (const [key, value] of Object.entries(overrides) as [keyof RetryPolicy, number | undefined][]) {
    if (value !== undefined) policy[key] = value;
  }
  return policy;
}

/** Time and chance, injectable so tests neither wait nor guess. */
export interface RetryClock {
  /** Waits `ms`; rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A number in [0, 1). */
  random(): number;
  now(): number;
}

/** What every model adapter takes besides its model and endpoint: retries, prices and its clock. */
export interface ModelAdapterOptions {
  /** @default the default policy of `http-retry.ts` */
  policy?: Partial<RetryPolicy>;
  pricing?: ModelPricing;
  /** @default the system clock */
  clock?: RetryClock;
}

/** A model adapter that speaks HTTP itself. */
export interface HttpModelAdapterOptions extends ModelAdapterOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

export const systemClock: RetryClock = {
  sleep: async (ms, signal) => {
    await sleepFor(ms, undefined, signal ? { signal } : undefined);
  },
  random: Math.random,
  now: Date.now,
};

/** 408, 429 and every 5xx (529 is Anthropic's "overloaded") are worth another attempt; the rest are not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * How long the server asked us to wait: `Retry-After` as seconds or as an HTTP date (RFC 9110), or
 * the `retry-after-ms` some OpenAI-compatible servers send. `undefined` when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers, now: number): number | undefined {
  const ms = headers.get("retry-after-ms")?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.round(Number(ms));
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // Every HTTP-date form names its month; a bare number that is not a delay ("-3") is no date.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full jitter: a random wait between 0 and the attempt's exponential ceiling. */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

export interface RetryOptions {
  provider: ModelProviderName;
  policy: RetryPolicy;
  /** The caller's signal (the job's time): when it aborts, the call stops and is not retried. */
  signal?: AbortSignal;
  clock?: RetryClock;
  /**
   * Turns what an attempt threw (anything but a `ModelError`) into one.
   * @default a retryable "could not reach" error: a connection fault
   */
  classify?: (error: unknown) => ModelError;
}

/**
 * Runs `attempt` until it succeeds, fails permanently, the budget is spent or the caller's signal
 * aborts. Each attempt gets a signal that aborts at the policy's timeout or with the caller's.
 */
export async function withRetries<T>(
  attempt: (signal: AbortSignal, attemptNumber: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const { provider, policy, signal } = options;
  const clock = options.clock ?? systemClock;
  const classify =
    options.classify ??
    ((error: unknown) =>
      new ModelError(`Could not reach ${provider}: ${describe(error)}`, {
        provider,
        retryable: true,
        cause: error,
      }));

  for (let attemptNumber = 1; ; attemptNumber++) {
    if (signal?.aborted) throw cancelled(provider, signal);
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    const attemptSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let failure: ModelError;
    try {
      return await attempt(attemptSignal, attemptNumber);
    } catch (error) {
      if (signal?.aborted) throw cancelled(provider, signal);
      if (timeout.aborted) {
        failure = new ModelError(`${provider} did not answer within ${policy.timeoutMs} ms`, {
          provider,
          retryable: true,
          cause: error,
        });
      } else {
        failure = error instanceof ModelError ? error : classify(error);
      }
    }

    if (!failure.retryable) throw failure;
    const retryAfterMs = failure.retryAfterMs;
    const outOfBudget = attemptNumber >= policy.maxAttempts;
    const waitTooLong = retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs;
    if (outOfBudget || waitTooLong) {
      const why = outOfBudget
        ? `after ${attemptNumber} attempt${attemptNumber === 1 ? "" : "s"}`
        : `as it asks to wait ${retryAfterMs} ms`;
      throw new ModelError(`${provider} gave up ${why}: ${failure.message}`, {
        provider,
        retryable: true,
        ...(failure.status !== undefined && { status: failure.status }),
        ...(retryAfterMs !== undefined && { retryAfterMs }),
        cause: failure,
      });
    }
    const waitMs = retryAfterMs ?? backoffMs(attemptNumber, policy, clock.random);
    try {
      await clock.sleep(waitMs, signal);
    } catch (error) {
      if (signal?.aborted) throw cancelled(provider, signal);
      throw error;
    }
  }
}

/** A JSON POST to a provider, with its documented answer and error shapes. */
export interface JsonPost<S extends $ZodType> {
  provider: ModelProviderName;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  /** Schema of the documented success body: any other 2xx body is a (retryable) protocol fault. */
  response: S;
  /** The provider's own words from an error body (`type: message`), when it has them. */
  errorDetail: (body: unknown) => string | undefined;
  fetch: typeof fetch;
  policy: RetryPolicy;
  signal?: AbortSignal;
  clock?: RetryClock;
}

/**
 * POSTs JSON and returns the validated success body, retrying under `withRetries`. A non-2xx status is
 * retryable as `isRetryableStatus` says; a 2xx body that is not JSON or not the documented shape is
 * retryable too (a proxy's page, a body cut short), so it is retried within the same budget.
 * Redirects are not followed: a redirected POST is a misconfigured `baseUrl`, answered permanently.
 */
export async function postJsonWithRetries<S extends $ZodType>(post: JsonPost<S>): Promise<output<S>> {
  const clock = post.clock ?? systemClock;
  const { provider } = post;
  const payload = JSON.stringify(post.body);
  return withRetries(
    async (signal) => {
      const response = await post.fetch(post.url, {
        method: "POST",
        headers: post.headers,
        body: payload,
        redirect: "manual",
        signal,
      });
      const text = await response.text();
      const json = parseJson(text);
      if (response.status < 200 || response.status > 299) {
        const detail = post.errorDetail(json.ok ? json.value : undefined) ?? excerpt(text);
        const retryAfterMs = parseRetryAfter(response.headers, clock.now());
        throw new ModelError(`${provider} answered ${response.status}${detail ? `: ${detail}` : ""}`, {
          provider,
          retryable: isRetryableStatus(response.status),
          status: response.status,
          ...(retryAfterMs !== undefined && { retryAfterMs }),
        });
      }
      const parsed = json.ok ? safeParse(post.response, json.value) : undefined;
      if (!parsed?.success) {
        throw new ModelError(
          `${provider} answered ${response.status} with a body that is not its documented response: ${excerpt(text) ?? "(empty)"}`,
          {
            provider,
            retryable: true,
            status: response.status,
            cause: json.ok ? parsed?.error : json.error,
          },
        );
      }
      return parsed.data;
    },
    {
      provider,
      policy: post.policy,
      clock,
      ...(post.signal && { signal: post.signal }),
    },
  );
}

function cancelled(provider: ModelProviderName, signal: AbortSignal): ModelError {
  return new ModelError(`The call to ${provider} was cancelled`, {
    provider,
    retryable: true,
    cause: signal.reason,
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Enough of a body to recognise it in a log, never a whole page. */
function excerpt(text: string): string | undefined {
  const trimmed = text.trim().replace(/\s+/g, " ");
  if (!trimmed) return undefined;
  return trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}
