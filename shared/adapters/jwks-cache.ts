import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { publicJwks, readSigningKeys } from "./signing-keys.ts";

/**
 * A JWKS cache for `aws-jwt-verify` whose "download" reads the signing-key secret (public halves
 * only). An unknown `kid` triggers a re-read (rate-limited by the library's penalty box), and the
 * whole set is re-read once it is older than `maxAgeMs`, so a retired key stops verifying within
 * that time of a rotation.
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
          const jwks = publicJwks(await readSigningKeys(options.client, options.secretId));
          const bytes = new TextEncoder().encode(JSON.stringify(jwks));
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        },
      },
    });
    this.#maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
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
    if (loadedAt !== undefined && this.#now() - loadedAt > this.#maxAgeMs) await this.getJwks(jwksUri);
    return super.getJwk(...args);
  }
}
