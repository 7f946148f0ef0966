import { randomUUID } from "node:crypto";
import { tokenAudience, tokenIssuer } from "#shared/domain/access/access-token";
import type { AccessTokenIssuer, IssuedToken, TokenSubject } from "#shared/domain/access/ports";
import type { SessionGenerations } from "#shared/domain/access/session-verdict";
import type { SecretReader } from "./secret-store.ts";
import { readSigningKeys, type SigningKeySet } from "./signing-keys.ts";
import { signJwt } from "./token-signer.ts";

/** How long the issuer trusts the signing keys it read, so a rotation reaches it within this time. */
const KEYS_MAX_AGE_MS = 60_000;

/**
 * Issues ES256 access tokens for a stage: issuer and audience pinned, `tenantId` exactly when the role
 * is tenant-scoped, the session id as `sid` and the session's generations as `gen` (and `tgen`). The
 * signing keys are re-read once a minute.
 */
export function createAccessTokenIssuer(options: {
  /** How the signing keys are read: on the first token, then again once a minute. */
  read: SecretReader;
  signingKeysSecretId: string;
  stage: string;
  /** How long a token lives (the stage's `accessTokenTtlSeconds`). */
  ttlSeconds: number;
  now?: () => Date;
}): AccessTokenIssuer {
  const now = options.now ?? (() => new Date());
  let keys: { set: SigningKeySet; readAt: number } | undefined;
  const currentKeys = async () => {
    if (!keys || now().getTime() - keys.readAt > KEYS_MAX_AGE_MS) {
      keys = {
        set: await readSigningKeys(options.read, options.signingKeysSecretId),
        readAt: now().getTime(),
      };
    }
    return keys.set;
  };
  return {
    async issue(
      principal: TokenSubject,
      sessionId: string,
      generations: SessionGenerations,
    ): Promise<IssuedToken> {
      const at = now();
      const iat = Math.floor(at.getTime() / 1000);
      const jti = randomUUID();
      const expiresAt = iat + options.ttlSeconds;
      const claims: Record<string, unknown> = {
        iss: tokenIssuer(options.stage),
        aud: tokenAudience(options.stage),
        sub: principal.userId,
        role: principal.role,
        jti,
        sid: sessionId,
        gen: generations.user,
        iat,
        exp: expiresAt,
      };
      if (principal.kind === "tenant") {
        claims.tenantId = principal.tenantId;
        claims.tgen = generations.tenant ?? 0;
      }
      return { token: signJwt(await currentKeys(), claims, at), jti, expiresAt };
    },
  };
}
