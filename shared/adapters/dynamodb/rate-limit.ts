import { createHash } from "node:crypto";
import { NotFoundError, RateLimitedError } from "#shared/domain/errors";
import type { AttemptLimiter } from "#shared/domain/identity/ports";
import type { SingleTable } from "./table.ts";

/** The platform entity of rate-limit counters. */
export const RATE_LIMIT_ENTITY = "RATE_LIMIT";

const NAME = /^[a-z][a-z0-9-]{0,63}$/;

export interface RateLimiterOptions {
  /** Names the counter family (`login-ip`, `login-account`); kebab-case, part of every item's key. */
  name: string;
  /** Hits allowed in one window. */
  limit: number;
  /** Length of a window, from the first hit, in whole seconds. */
  windowSeconds: number;
}

/**
 * Fixed-window rate limiting on the single table: one platform counter item per name and key, whose
 * window opens with the first hit, counts every hit atomically (concurrent hits are counted exactly)
 * and expires with the table's TTL. Keys are stored only as a SHA-256 digest (base64url), so e-mail
 * addresses and IP addresses never appear in keys, items or logs of the table; a digest of a guessable
 * value is not anonymous, but it keeps the values out of plain sight and fixes the key length.
 *
 * For "N consecutive failures" (a login lockout), `hit` before checking the password and `reset` on
 * success: counting first means parallel guesses cannot all slip under the limit, as they could if
 * each only peeked. Every hit is counted, blocked ones too, but only the first opens the window, so
 * retrying while blocked does not extend the block.
 */
export function createRateLimiter(table: SingleTable, options: RateLimiterOptions): AttemptLimiter {
  const { name, limit, windowSeconds } = options;
  if (!NAME.test(name)) throw new Error(`Invalid rate limiter name ${name}`);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`Invalid rate limit ${limit} for ${name}`);
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1) {
    throw new Error(`Invalid rate-limit window ${windowSeconds} for ${name}`);
  }
  const scope = table.platform();
  const counterId = (key: string) => `${name}.${createHash("sha256").update(key).digest("base64url")}`;
  const secondsUntil = (expiresAt: number) =>
    Math.max(1, Math.ceil(expiresAt - table.now().getTime() / 1000));

  const limiter: AttemptLimiter = {
    async hit(key) {
      const { count, expiresAt } = await scope.increment(RATE_LIMIT_ENTITY, counterId(key), {
        windowSeconds,
      });
      const allowed = count <= limit;
      return { allowed, count, retryAfterSeconds: allowed ? 0 : secondsUntil(expiresAt) };
    },

    async enforce(key) {
      const decision = await limiter.hit(key);
      if (!decision.allowed) {
        throw new RateLimitedError("Too many attempts; try again later", decision.retryAfterSeconds);
      }
      return decision;
    },

    async peek(key) {
      const item = await scope.get<{ count: number; expiresAt: number }>(RATE_LIMIT_ENTITY, counterId(key), {
        consistent: true,
      });
      const nowSeconds = Math.floor(table.now().getTime() / 1000);
      if (!item || item.expiresAt <= nowSeconds) return { allowed: true, count: 0, retryAfterSeconds: 0 };
      const allowed = item.count < limit;
      return { allowed, count: item.count, retryAfterSeconds: allowed ? 0 : secondsUntil(item.expiresAt) };
    },

    async reset(key) {
      try {
        await scope.delete(RATE_LIMIT_ENTITY, counterId(key));
      } catch (error) {
        // Nothing counted for the key (or its window already expired and was deleted): already reset.
        if (!(error instanceof NotFoundError)) throw error;
      }
    },
  };
  return limiter;
}
