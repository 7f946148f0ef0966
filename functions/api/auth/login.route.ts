import type { authRoutes } from "#shared/contracts/auth.routes";
import type { AuditEntry } from "#shared/domain/audit/audit-entry";
import { RateLimitedError, UnauthorizedError } from "#shared/domain/errors";
import { dummyVerify, hashPassword, needsRehash, verifyPassword } from "#shared/domain/identity/password";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import { logger } from "#shared/platform/logger";
import { type AuthDeps, LOCKOUT } from "./deps.ts";
import { admitSignIn, startSession } from "./session.ts";

const INVALID = () => new UnauthorizedError("E-mail or password is incorrect");

/**
 * Primary course: count the attempt (per IP and e-mail), refuse a locked account, verify the password
 * — against a dummy hash when the e-mail is unknown, so both failures cost the same time and give the
 * same answer — then clear the failures, upgrade an outdated hash, start a session and audit it.
 * Failures and the lockout they cause are audited too.
 */
export function loginRoute(deps: AuthDeps): RouteHandler<typeof authRoutes.login> {
  return async ({ body, sourceIp, requestId }) => {
    const audit = (entry: Omit<AuditEntry, "ip" | "correlationId">) =>
      deps.audit.record({ ...entry, ip: sourceIp, correlationId: requestId });
    await deps.limits.loginAttempts.enforce(`${sourceIp}|${body.email}`);
    const lock = await deps.limits.loginFailures.peek(body.email);
    if (!lock.allowed)
      throw new RateLimitedError("Too many failed sign-ins; try again later", lock.retryAfterSeconds);

    const user = await deps.store.userByEmail(body.email);
    const valid = user
      ? await verifyPassword(body.password, user.passwordHash)
      : await dummyVerify(body.password);
    if (!user || !valid) {
      const failures = await deps.limits.loginFailures.hit(body.email);
      const about = {
        target: { email: body.email, ...(user ? { userId: user.userId } : {}) },
        ...(user?.tenantId ? { tenantId: user.tenantId } : {}),
      };
      await audit({ type: "login.failed", ...about });
      if (failures.count === LOCKOUT.failures) {
        logger.warn("Account locked after consecutive failed sign-ins");
        await audit({ type: "account.locked", ...about });
      }
      throw INVALID();
    }
    // A suspended user, or a user of a suspended tenant, is told so — after the password, so the
    // answer reveals nothing to someone who does not know it.
    const tenant = await admitSignIn(deps, user);
    await deps.limits.loginFailures.reset(body.email);

    const { userId, version, ...record } = user;
    if (needsRehash(record.passwordHash)) {
      await deps.store.updateUser(userId, { passwordHash: await hashPassword(body.password) }, version);
    }
    const session = await startSession(deps, userId, record, tenant);
    await audit({
      type: "login.succeeded",
      actor: { userId, role: record.role },
      ...(record.tenantId ? { tenantId: record.tenantId } : {}),
    });
    return ok(session.body, { cookies: [session.cookie] });
  };
}
