import type { AccessTokenIssuer, TokenSubject } from "#shared/domain/access/ports";
import { newRefreshToken, SESSION_TTL_SECONDS } from "#shared/domain/access/refresh-token";
import { currentGenerations, mayStartSession } from "#shared/domain/access/session-verdict";
import { ForbiddenError } from "#shared/domain/errors";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import type { SessionRepository, TenantProfile, TenantRepository, UserRecord } from "./ports.ts";

/** What starting a session needs. */
export interface SessionStartDeps {
  tenants: Pick<TenantRepository, "profile">;
  sessions: Pick<SessionRepository, "start">;
  tokens: AccessTokenIssuer;
  now: () => Date;
}

/** What a client may see of a user: never the hash, status internals or generations. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: UserRecord["role"];
  tenantId: string | null;
}

/** A session just started or refreshed: the answer's body, and the refresh token the client keeps. */
export interface SignedIn {
  body: { accessToken: string; expiresAt: number; user: PublicUser };
  refresh: {
    token: string;
    /** Epoch seconds: the session's end. */
    expiresAt: number;
    /** When it was issued, from which the cookie's lifetime is counted. */
    issuedAt: Date;
  };
}

/** Whom a user's access tokens are issued to. */
export function tokenSubjectOf(userId: string, user: UserRecord): TokenSubject {
  if (user.role === "member" || user.role === "admin") {
    if (user.tenantId === undefined) throw new Error(`User ${userId} has a tenant role but no tenant`);
    return { kind: "tenant", userId, role: user.role, tenantId: parseTenantId(user.tenantId) };
  }
  return { kind: "staff", userId, role: user.role };
}

export function publicUser(userId: string, user: UserRecord): PublicUser {
  return { id: userId, email: user.email, name: user.name, role: user.role, tenantId: user.tenantId ?? null };
}

/** What sign-in and refresh answer a suspended user, or a user of a suspended tenant. */
export const accountSuspended = () => new ForbiddenError("This account is suspended");

/**
 * Reads the user's tenant (consistently; none for staff) and refuses a sign-in that must not happen:
 * a suspended user, or a user of a suspended tenant (or of a tenant without a profile).
 */
export async function admitSignIn(
  deps: Pick<SessionStartDeps, "tenants">,
  user: UserRecord,
): Promise<TenantProfile | undefined> {
  const tenant =
    user.tenantId === undefined ? undefined : await deps.tenants.profile(parseTenantId(user.tenantId));
  if (user.tenantId !== undefined && !tenant) throw accountSuspended();
  if (!mayStartSession(user, tenant)) throw accountSuspended();
  return tenant;
}

/**
 * Starts a session for a user that `admitSignIn` admitted: its first refresh token and an access
 * token, stamped with the session generations of the user and tenant as read for the sign-in.
 */
export async function startSession(
  deps: SessionStartDeps,
  userId: string,
  user: UserRecord,
  tenant: TenantProfile | undefined,
): Promise<SignedIn> {
  const generations = currentGenerations(user, tenant);
  const issuedAt = deps.now();
  const expiresAt = Math.floor(issuedAt.getTime() / 1000) + SESSION_TTL_SECONDS;
  const refreshToken = newRefreshToken();
  const sessionId = await deps.sessions.start(userId, refreshToken, expiresAt, generations);
  const access = await deps.tokens.issue(tokenSubjectOf(userId, user), sessionId, generations);
  return {
    body: { accessToken: access.token, expiresAt: access.expiresAt, user: publicUser(userId, user) },
    refresh: { token: refreshToken, expiresAt, issuedAt },
  };
}
