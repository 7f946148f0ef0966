import { logger } from "#shared/platform/logger";
import type { SecretReader } from "./secret-store.ts";

/** What a cache of a secret's value is built from. */
export interface SecretCacheOptions {
  /** How the secret is read (the Lambda extension in a function). */
  read: SecretReader;
  secretId: string;
  /** How long a loaded value is trusted before it is re-read. @default the cache's own (5 minutes) */
  maxAgeMs?: number;
  /** The clock, in epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** After a failed re-read, how long until the next attempt (instead of one per request). */
export const RETRY_AFTER_FAILURE_MS = 30_000;

/**
 * When a cached value is read again, and what a failed re-read does — the shape the authorizer's
 * caches of the verification keys and the origin secret share. A value is trusted for `maxAgeMs`
 * after it was read. A re-read that fails keeps the value already held serving (a Secrets Manager
 * outage must not log every user out or shut the front door), is logged as an error, and is tried
 * again after `RETRY_AFTER_FAILURE_MS`, not on every request. Failing to read a first value is the
 * caller's to raise: nothing is held to serve.
 */
export class RefreshSchedule {
  #loadedAt: number | undefined;
  readonly #what: string;
  readonly #maxAgeMs: number;
  readonly #now: () => number;

  /** `what` names the value in the log, e.g. "the verification keys". */
  constructor(what: string, options: { maxAgeMs: number; now?: () => number }) {
    this.#what = what;
    this.#maxAgeMs = options.maxAgeMs;
    this.#now = options.now ?? Date.now;
  }

  /** Records that the value was just read. */
  loaded(): void {
    this.#loadedAt = this.#now();
  }

  /** Whether a value was read and has outlived `maxAgeMs` (so it is due to be read again). */
  get due(): boolean {
    return this.olderThan(this.#maxAgeMs);
  }

  /** Whether a value was read more than `ms` ago. */
  olderThan(ms: number): boolean {
    return this.#loadedAt !== undefined && this.#now() - this.#loadedAt > ms;
  }

  /** Reads the value again; if that fails, logs it, schedules the next try and answers `held`. */
  async refresh<T>(read: () => Promise<T>, held: T): Promise<T> {
    try {
      return await read();
    } catch (error) {
      logger.error(`Could not refresh ${this.#what}; serving the value already loaded`, { error });
      this.#loadedAt = this.#now() - this.#maxAgeMs + RETRY_AFTER_FAILURE_MS;
      return held;
    }
  }
}
