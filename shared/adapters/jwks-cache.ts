import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { RefreshSchedule, type SecretCacheOptions } from "./refresh-schedule.ts";
import { readVerificationKeys } from "./signing-keys.ts";

/** The verification keys could not be read or parsed: a fault of ours, never the token's. */
export class VerificationKeysUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "VerificationKeysUnavailableError";
  }
}

/** How long a loaded key set is trusted before it is re-read; signers wait longer before using a new key. */
export const JWKS_MAX_AGE_MS = 5 * 60_000;

/**
 * A JWKS cache for `aws-jwt-verify` whose "download" reads the verification-keys secret. An unknown
 * `kid` triggers a re-read (rate-limited by the library's penalty box), and the set is re-read once it
 * is older than `maxAgeMs` (default `JWKS_MAX_AGE_MS`), so a retired key stops verifying within that
 * time of a rotation. If that periodic re-read fails, the keys already held keep serving
 * (`RefreshSchedule`).
 */
export class SecretJwksCache extends SimpleJwksCache {
  readonly #schedules = new Map<string, RefreshSchedule>();
  readonly #options: SecretCacheOptions;

  constructor(options: SecretCacheOptions) {
    super({
      fetcher: {
        fetch: async () => {
          const jwks = await readVerificationKeys(options.read, options.secretId).catch((cause: unknown) => {
            throw new VerificationKeysUnavailableError(
              `Could not read the verification keys ${options.secretId}`,
              { cause },
            );
          });
          const bytes = new TextEncoder().encode(JSON.stringify(jwks));
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        },
      },
    });
    this.#options = options;
  }

  override async getJwks(jwksUri: string) {
    const jwks = await super.getJwks(jwksUri);
    this.#scheduleOf(jwksUri).loaded();
    return jwks;
  }

  override async getJwk(...args: Parameters<SimpleJwksCache["getJwk"]>) {
    const [jwksUri] = args;
    const schedule = this.#schedules.get(jwksUri);
    // The library holds the keys; a failed re-read leaves them in place, so there is nothing to answer.
    if (schedule?.due) await schedule.refresh(() => this.getJwks(jwksUri), undefined);
    return super.getJwk(...args);
  }

  #scheduleOf(jwksUri: string): RefreshSchedule {
    let schedule = this.#schedules.get(jwksUri);
    if (!schedule) {
      schedule = new RefreshSchedule("the verification keys", {
        maxAgeMs: this.#options.maxAgeMs ?? JWKS_MAX_AGE_MS,
        ...(this.#options.now ? { now: this.#options.now } : {}),
      });
      this.#schedules.set(jwksUri, schedule);
    }
    return schedule;
  }
}
