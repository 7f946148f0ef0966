import * as z from "zod/mini";
import { tenantIdSchema } from "#shared/domain/tenancy/tenant-id";

/**
 * Access tokens live 15 minutes unless the stage says otherwise (`accessTokenTtlSeconds`); revocation
 * lists keep a `jti` no longer than a token's lifetime.
 */
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/** The lifetimes a stage may choose: long enough to make one call, short enough to revoke by waiting. */
export const ACCESS_TOKEN_TTL_RANGE = { min: 5, max: 60 * 60 } as const;

/** The issuer and audience of access tokens for one stage: pinned by signer and verifier alike. */
export function tokenIssuer(stage: string): string {
  return `urn:leadmetrics:${stage}:auth`;
}
export function tokenAudience(stage: string): string {
  return `urn:leadmetrics:${stage}:api`;
}

const common = {
  sub: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)),
  jti: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)),
  iat: z.number(),
  exp: z.number(),
  /** The session (refresh-token family) the token was issued in; revoking the session kills it. */
  sid: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/))),
  /** The user's session generation at issue (see `session-verdict.ts`); absent → 0. */
  gen: z.optional(z.int().check(z.nonnegative())),
};

/**
 * Access-token claims: two payload types, so code can never forget which one it holds. A tenant
 * user's token carries `tenantId`; a staff token never does.
 */
export const tenantUserClaims = z.object({
  ...common,
  role: z.enum(["member", "admin"]),
  tenantId: tenantIdSchema,
  /** The tenant's session generation at issue; absent → 0. */
  tgen: z.optional(z.int().check(z.nonnegative())),
});
export const staffClaims = z.object({
  ...common,
  role: z.enum(["reviewer", "super_admin"]),
  tenantId: z.optional(z.undefined()),
  tgen: z.optional(z.undefined()),
});
export const accessTokenClaims = z.union([tenantUserClaims, staffClaims]);
export type AccessTokenClaims = z.infer<typeof accessTokenClaims>;

/** The session generations a verified token was issued under. */
export function generationsOf(claims: AccessTokenClaims): { user: number; tenant?: number } {
  return claims.tenantId === undefined
    ? { user: claims.gen ?? 0 }
    : { user: claims.gen ?? 0, tenant: claims.tgen ?? 0 };
}
