import type { AuditEntry, RequestOrigin } from "#shared/domain/audit/audit-entry";
import type { AuditLog } from "#shared/domain/audit/ports";
import { RateLimitedError, UnauthorizedError } from "#shared/domain/errors";
import { LOCKOUT } from "./lockout.ts";
import { dummyVerify, hashPassword, needsRehash, verifyPassword } from "./password.ts";
import type { AttemptLimiter, Log, TenantRepository, UserRepository } from "./ports.ts";
import { admitSignIn, type SessionStartDeps, type SignedIn, startSession } from "./session-start.ts";

/** What sign-up and sign-in need. */
export interface SignInDeps extends SessionStartDeps {
  users: Pick<UserRepository, "byEmail" | "update">;
  tenants: Pick<TenantRepository, "profile" | "register">;
  limits: {
    /** Every sign-in attempt, per source IP and e-mail. */
    loginAttempts: AttemptLimiter;
    /** Consecutive failed sign-ins per e-mail: the lockout. */
    loginFailures: AttemptLimiter;
    /** Sign-ups per source IP. */
    register: AttemptLimiter;
  };
  audit: Pick<AuditLog, "record">;
  log: Log;
}

/** What sign-up needs besides sign-in's: the stage's starter credits for the new tenant. */
export interface RegisterDeps extends SignInDeps {
  starterCredits: number;
}

/**
 * Sign-up. Primary course: within the sign-up limit per IP, hash the password, create the tenant, its
 * first admin, the e-mail's claim and the starter credits at once, and start a session. A taken
 * e-mail → `EmailTakenError`, which says no more than that.
 */
export async function register(
  deps: RegisterDeps,
  input: { tenantName: string; name: string; email: string; password: string; origin: RequestOrigin },
): Promise<SignedIn> {
  await deps.limits.register.enforce(input.origin.ip);
  const passwordHash = await hashPassword(input.password);
  const { tenantId, userId } = await deps.tenants.register({
    tenantName: input.tenantName,
    name: input.name,
    email: input.email,
    passwordHash,
    starterCredits: { amount: deps.starterCredits, correlationId: input.origin.correlationId },
  });
  const user = {
    email: input.email,
    name: input.name,
    role: "admin" as const,
    tenantId,
    passwordHash,
    status: "active" as const,
  };
  return startSession(deps, userId, user, { name: input.tenantName, status: "active" });
}

const invalid = () => new UnauthorizedError("E-mail or password is incorrect");

/**
 * Sign-in. Primary course: count the attempt (per IP and e-mail), refuse a locked account, verify the
 * password — against a dummy hash when the e-mail is unknown, so both failures cost the same time and
 * give the same answer — then clear the failures, upgrade an outdated hash, start a session and audit
 * it. Failures and the lockout they cause are audited too.
 */
export async function login(
  deps: SignInDeps,
  input: { email: string; password: string; origin: RequestOrigin },
): Promise<SignedIn> {
  const { email, password, origin } = input;
  const audit = (entry: Omit<AuditEntry, "ip" | "correlationId">) =>
    deps.audit.record({ ...entry, ...origin });
  await deps.limits.loginAttempts.enforce(`${origin.ip}|${email}`);
  const lock = await deps.limits.loginFailures.peek(email);
  if (!lock.allowed) {
    throw new RateLimitedError("Too many failed sign-ins; try again later", lock.retryAfterSeconds);
  }

  const user = await deps.users.byEmail(email);
  const valid = user ? await verifyPassword(password, user.passwordHash) : await dummyVerify(password);
  if (!user || !valid) {
    const failures = await deps.limits.loginFailures.hit(email);
    const about = {
      target: { email, ...(user ? { userId: user.userId } : {}) },
      ...(user?.tenantId ? { tenantId: user.tenantId } : {}),
    };
    await audit({ type: "login.failed", ...about });
    if (failures.count === LOCKOUT.failures) {
      deps.log.warn("Account locked after consecutive failed sign-ins");
      await audit({ type: "account.locked", ...about });
    }
    throw invalid();
  }
  // A suspended user, or a user of a suspended tenant, is told so — after the password, so the
  // answer reveals nothing to someone who does not know it.
  const tenant = await admitSignIn(deps, user);
  await deps.limits.loginFailures.reset(email);

  const { userId, version, ...record } = user;
  if (needsRehash(record.passwordHash)) {
    await deps.users.update(userId, { passwordHash: await hashPassword(password) }, version);
  }
  const session = await startSession(deps, userId, record, tenant);
  await audit({
    type: "login.succeeded",
    actor: { userId, role: record.role },
    ...(record.tenantId ? { tenantId: record.tenantId } : {}),
  });
  return session;
}
