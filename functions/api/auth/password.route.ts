import type { authRoutes } from "#shared/contracts/auth.routes";
import { RateLimitedError, UnauthorizedError } from "#shared/domain/errors";
import { hashPassword, verifyPassword } from "#shared/domain/identity/password";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { noContent } from "#shared/platform/http/reply";
import { logger } from "#shared/platform/logger";
import { type AuthDeps, LOCKOUT } from "./deps.ts";

/**
 * Primary course: refuse a locked account, verify the current password, store the new hash, then
 * end every other session of the user (their refresh tokens and, through the authorizer's per-token
 * session check, their access tokens) and audit it. This session keeps working.
 *
 * A wrong current password counts against the same `login-failures` lockout as a failed sign-in
 * (per e-mail): a stolen access token must not buy unlimited guesses at the password, and sharing
 * the counter means the two routes together allow no more guesses than sign-in alone.
 *
 * The hash is stored before the sessions are revoked, so a session the old password starts after
 * that is impossible; one started in the same instant (or not yet in the session index, which is
 * eventually consistent) can survive — `logout-all` ends those. A token without a session id
 * (issued before sessions existed) cannot single itself out, so then every token of the user dies.
 */
export function passwordRoute(deps: AuthDeps): RouteHandler<typeof authRoutes.password> {
  return async ({ auth, body, sourceIp, requestId }) => {
    const { userId, role, sid } = auth.principal;
    const user = await deps.store.user(userId);
    if (!user) throw new UnauthorizedError("Your session has ended; sign in again");
    const about = { target: { userId }, ...(user.tenantId ? { tenantId: user.tenantId } : {}) };

    const lock = await deps.limits.loginFailures.peek(user.email);
    if (!lock.allowed) {
      throw new RateLimitedError("Too many wrong passwords; try again later", lock.retryAfterSeconds);
    }
    if (!(await verifyPassword(body.currentPassword, user.passwordHash))) {
      const failures = await deps.limits.loginFailures.hit(user.email);
      if (failures.count === LOCKOUT.failures) {
        logger.warn("Account locked after consecutive wrong passwords");
        await deps.audit.record({ type: "account.locked", ...about, ip: sourceIp, correlationId: requestId });
      }
      throw new UnauthorizedError("The current password is incorrect");
    }
    await deps.limits.loginFailures.reset(user.email);

    const passwordHash = await hashPassword(body.newPassword);
    await deps.store.updateUser(userId, { passwordHash }, user.version);
    if (!sid) await deps.store.endAllSessions(userId);
    const sessionsEnded = sid ? await deps.store.revokeOtherSessions(userId, sid) : 0;
    await deps.audit.record({
      type: "password.changed",
      actor: { userId, role },
      ...about,
      ip: sourceIp,
      correlationId: requestId,
      details: { sessionsEnded },
    });
    return noContent();
  };
}
