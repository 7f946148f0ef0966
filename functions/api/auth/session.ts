import { newRefreshToken, type UserRecord } from "#shared/adapters/dynamodb/identity-store";
import type { Principal } from "#shared/domain/access/principal";
import { parseTenantId } from "#shared/platform/tenant-id";
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

/** Starts a session: its first refresh token (as a cookie) and an access token. */
export async function startSession(deps: AuthDeps, userId: string, user: UserRecord) {
  const now = deps.now();
  const expiresAt = Math.floor(now.getTime() / 1000) + SESSION_TTL_SECONDS;
  const refreshToken = newRefreshToken();
  const sessionId = await deps.store.startSession(userId, refreshToken, expiresAt);
  const access = await deps.tokens.issue(principalOf(userId, user), sessionId);
  return {
    body: { accessToken: access.token, expiresAt: access.expiresAt, user: publicUser(userId, user) },
    cookie: refreshCookie(refreshToken, expiresAt, now),
  };
}
