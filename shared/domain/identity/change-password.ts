import type { Principal } from "#shared/domain/access/principal";
import type { RequestOrigin } from "#shared/domain/audit/audit-entry";
import type { AuditLog } from "#shared/domain/audit/ports";
import { RateLimitedError, UnauthorizedError } from "#shared/domain/errors";
import { LOCKOUT } from "./lockout.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import type { AttemptLimiter, Log, SessionRepository, UserRepository } from "./ports.ts";

/** What changing a password needs. */
export interface ChangePasswordDeps {
  users: Pick<UserRepository, "get" | "update" | "endAllSessions">;
  sessions: Pick<SessionRepository, "revokeOthers">;
  /** The sign-in lockout's counter, per e-mail. */
  limits: { loginFailures: AttemptLimiter };
  audit: Pick<AuditLog, "record">;
  log: Log;
}

/**
 * Primary course: refuse a locked account, verify the current password, store the new hash, then
 * end every other session of the user (their refresh tokens and, through the authorizer's per-token
 * session check, their access tokens) and audit it. This session keeps working.
 *
 * A wrong current password counts against the same `login-failures` lockout as a failed sign-in
 * (per e-mail): a stolen access token must not buy unlimited guesses at the password, and sharing
 * the counter means the two together allow no more guesses than sign-in alone.
 *
 * The hash is stored before the sessions are revoked, so a session the old password starts after
 * that is impossible; one started in the same instant (or not yet in the session index, which is
 * eventually consistent) can survive — logging out everywhere ends those. A token without a session
 * id (issued before sessions existed) cannot single itself out, so then every token of the user dies.
 */
export async function changePassword(
  deps: ChangePasswordDeps,
  input: { principal: Principal; currentPassword: string; newPassword: string; origin: RequestOrigin },
): Promise<void> {
  const { userId, role, sid } = input.principal;
  const user = await deps.users.get(userId);
  if (!user) throw new UnauthorizedError("Your session has ended; sign in again");
  const about = { target: { userId }, ...(user.tenantId ? { tenantId: user.tenantId } : {}) };

  const lock = await deps.limits.loginFailures.peek(user.email);
  if (!lock.allowed) {
    throw new RateLimitedError("Too many wrong passwords; try again later", lock.retryAfterSeconds);
  }
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    const failures = await deps.limits.loginFailures.hit(user.email);
    if (failures.count === LOCKOUT.failures) {
      deps.log.warn("Account locked after consecutive wrong passwords");
      await deps.audit.record({ type: "account.locked", ...about, ...input.origin });
    }
    throw new UnauthorizedError("The current password is incorrect");
  }
  await deps.limits.loginFailures.reset(user.email);

  const passwordHash = await hashPassword(input.newPassword);
  await deps.users.update(userId, { passwordHash }, user.version);
  if (!sid) await deps.users.endAllSessions(userId);
  const sessionsEnded = sid ? await deps.sessions.revokeOthers(userId, sid) : 0;
  await deps.audit.record({
    type: "password.changed",
    actor: { userId, role },
    ...about,
    ...input.origin,
    details: { sessionsEnded },
  });
}
