import type { Principal } from "#shared/domain/access/principal";
import type { RequestOrigin } from "#shared/domain/audit/audit-entry";
import type { AuditLog } from "#shared/domain/audit/ports";
import type { SessionRepository, UserRepository } from "./ports.ts";

/** What signing out needs. */
export interface SignOutDeps {
  users: Pick<UserRepository, "get" | "endAllSessions">;
  sessions: Pick<SessionRepository, "revoke" | "revokeAccessToken">;
  audit: Pick<AuditLog, "record">;
  now: () => Date;
  /** How long an access token lives: its revoked `jti` is kept that long. */
  accessTokenTtlSeconds: number;
}

/** Ends this session: the access token's `jti` is revoked, and its refresh-token family with it. */
export async function logout(deps: SignOutDeps, principal: Principal): Promise<void> {
  const now = Math.floor(deps.now().getTime() / 1000);
  await Promise.all([
    deps.sessions.revokeAccessToken(principal.jti, now + deps.accessTokenTtlSeconds),
    principal.sid ? deps.sessions.revoke(principal.sid) : undefined,
  ]);
}

/**
 * Ends every session of the user: every token issued before this answers — access or refresh, on any
 * device — stops working (within the authorizer's cache TTL for access tokens), while a sign-in right
 * after it starts a session that lives (the session generation, not a clock, tells them apart).
 * Audited. A user already gone has nothing left to end.
 */
export async function logoutEverywhere(
  deps: SignOutDeps,
  input: { principal: Principal; origin: RequestOrigin },
): Promise<void> {
  const { principal, origin } = input;
  const userId = principal.userId;
  const user = await deps.users.get(userId);
  if (!user) return;
  await deps.users.endAllSessions(userId);
  if (principal.sid) await deps.sessions.revoke(principal.sid);
  await deps.audit.record({
    type: "logout.all",
    actor: { userId, role: principal.role },
    target: { userId },
    ...(user.tenantId ? { tenantId: user.tenantId } : {}),
    ...origin,
  });
}
