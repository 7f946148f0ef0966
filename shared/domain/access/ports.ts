/**
 * The access context's ports: what issues access tokens, and what reads the facts a token's verdict
 * is judged on. The adapters (`shared/adapters/access-tokens.ts`, the identity repositories) implement
 * them; the rules stay in `session-verdict.ts`.
 */
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { StaffRole, TenantRole } from "./roles.ts";
import type { AccessTokenStanding, SessionGenerations } from "./session-verdict.ts";

/** Whom an access token is issued to: a principal before it has a token (so no `jti` yet). */
export type TokenSubject =
  | { kind: "tenant"; userId: string; role: TenantRole; tenantId: TenantId }
  | { kind: "staff"; userId: string; role: StaffRole };

/** An access token just issued. */
export interface IssuedToken {
  token: string;
  jti: string;
  /** Epoch seconds. */
  expiresAt: number;
}

/** Issues signed access tokens, each carrying its session id and the session's generations. */
export interface AccessTokenIssuer {
  issue(subject: TokenSubject, sessionId: string, generations: SessionGenerations): Promise<IssuedToken>;
}

/** What the authorizer knows of a verified token, beyond its signature. */
export interface TokenFacts {
  sub: string;
  jti: string;
  iat: number;
  tenantId?: string;
  sid?: string;
  /** The session generations the token was issued under. */
  generations: SessionGenerations;
}

/**
 * Reads what a token's verdict depends on — its revocation, its user, its session and (for a tenant
 * user) its tenant — all at once; `accessTokenVerdict` judges it.
 */
export interface TokenStandings {
  standing(token: TokenFacts): Promise<AccessTokenStanding>;
}
