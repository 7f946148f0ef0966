import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { logger } from "#shared/platform/logger";
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
/** After a failed refresh, how long until the next attempt (instead of one per request). */
const RETRY_AFTER_FAILURE_MS = 30_000;

/**
 * A JWKS cache for `aws-jwt-verify` whose "download" reads the verification-keys secret. An unknown
 * `kid` triggers a re-read (rate-limited by the library's penalty box), and the set is re-read once it
 * is older than `maxAgeMs`, so a retired key stops verifying within that time of a rotation. If that
 * periodic re-read fails, the keys already held keep serving (and the failure is logged as an error):
 * a Secrets Manager outage must not log every user out.
 */
export class SecretJwksCache extends SimpleJwksCache {
  readonly #loadedAt = new Map<string, number>();
  readonly #maxAgeMs: number;
  readonly #now: () => number;

  constructor(options: {
    client: SecretsManagerClient;
    secretId: string;
    maxAgeMs?: number;
    now?: () => number;
  }) {
    super({
      fetcher: {
        fetch: async () => {
          const jwks = await readVerificationKeys(options.client, options.secretId).catch(
            (cause: unknown) => {
              throw new VerificationKeysUnavailableError(
                `Could not read the verification keys ${options.secretId}`,
                {
                  cause,
                },
              );
            },
          );
          const bytes = new TextEncoder().encode(JSON.stringify(jwks));
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        },
      },
    });
    this.#maxAgeMs = options.maxAgeMs ?? JWKS_MAX_AGE_MS;
    this.#now = options.now ?? Date.now;
  }

  override async getJwks(jwksUri: string) {
    const jwks = await super.getJwks(jwksUri);
    this.#loadedAt.set(jwksUri, this.#now());
    return jwks;
  }

  override async getJwk(...args: Parameters<SimpleJwksCache["getJwk"]>) {
    const [jwksUri] = args;
    const loadedAt = this.#loadedAt.get(jwksUri);
    if (loadedAt !== undefined && this.#now() - loadedAt > this.#maxAgeMs) {
      try {
        await this.getJwks(jwksUri);
      } catch (error) {
        logger.error("Could not refresh the verification keys; serving the keys already loaded", { error });
        this.#loadedAt.set(jwksUri, this.#now() - this.#maxAgeMs + RETRY_AFTER_FAILURE_MS);
      }
    }
    return super.getJwk(...args);
  }
}
