import {
  newRefreshToken,
  type TenantProfile,
  type UserRecord,
} from "#shared/adapters/dynamodb/identity-store";
import type { Principal } from "#shared/domain/access/principal";
import { currentGenerations, mayStartSession } from "#shared/domain/access/session-verdict";
import { ForbiddenError } from "#shared/domain/errors";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { type AuthDeps, SESSION_TTL_SECONDS } from "./deps.ts";
import { refreshCookie } from "./refresh-cookie.ts";

/** The principal a user record signs in as. */
export function principalOf(userId: string, user: UserRecord): Principal {
  if (user.role === "member" || user.role === "admin") {
    if (user.tenantId === undefined) throw new Error(`User ${userId} has a tenant role but no tenant`);
    return { kind: "tenant", userId, role: user.role, tenantId: parseTenantId(user.tenantId), jti: "" };
  }
  return { kind: "staff", userId, role: user.role, jti: "" };
}

/** What a client may see of a user: never the hash, status internals or revocation times. */
export function publicUser(userId: string, user: UserRecord) {
  return { id: userId, email: user.email, name: user.name, role: user.role, tenantId: user.tenantId ?? null };
}

/** What sign-in and refresh answer a suspended user, or a user of a suspended tenant. */
export const accountSuspended = () => new ForbiddenError("This account is suspended");

/**
 * Reads the user's tenant (consistently; none for staff) and refuses a sign-in that must not happen:
 * a suspended user, or a user of a suspended tenant (or of a tenant without a profile).
 */
export async function admitSignIn(deps: AuthDeps, user: UserRecord): Promise<TenantProfile | undefined> {
  const tenant =
    user.tenantId === undefined ? undefined : await deps.store.tenantProfile(parseTenantId(user.tenantId));
  if (user.tenantId !== undefined && !tenant) throw accountSuspended();
  if (!mayStartSession(user, tenant)) throw accountSuspended();
  return tenant;
}

/**
 * Starts a session for a user that `admitSignIn` admitted: its first refresh token (as a cookie) and an
 * access token, stamped with the session generations of the user and tenant as read for the sign-in.
 */
export async function startSession(
  deps: AuthDeps,
  userId: string,
  user: UserRecord,
  tenant: TenantProfile | undefined,
) {
  const generations = currentGenerations(user, tenant);
  const now = deps.now();
  const expiresAt = Math.floor(now.getTime() / 1000) + SESSION_TTL_SECONDS;
  const refreshToken = newRefreshToken();
  const sessionId = await deps.store.startSession(userId, refreshToken, expiresAt, generations);
  const access = await deps.tokens.issue(principalOf(userId, user), sessionId, generations);
  return {
    body: { accessToken: access.token, expiresAt: access.expiresAt, user: publicUser(userId, user) },
    cookie: refreshCookie(refreshToken, expiresAt, now),
  };
}
