import type { StaffRole } from "#shared/domain/access/roles";
import type { Acting } from "#shared/domain/audit/audit-entry";
import type { AuditLog } from "#shared/domain/audit/ports";
import { NotFoundError } from "#shared/domain/errors";
import type { Stored } from "#shared/domain/stored";
import { SelfSuspensionError } from "./errors.ts";
import { hashPassword } from "./password.ts";
import type { AttemptLimiter, Status, UserRecord, UserRepository } from "./ports.ts";

/** What a super-admin's management of users and staff needs. */
export interface AdminUsersDeps {
  users: Pick<UserRepository, "get" | "createStaff" | "setStatus">;
  /** The sign-in lockout counter, keyed by normalized e-mail. */
  loginFailures: Pick<AttemptLimiter, "reset">;
  audit: Pick<AuditLog, "record">;
}

/** Creates a reviewer or super-admin with the password given; a taken e-mail → `EmailTakenError`. Audited. */
export async function createStaff(
  deps: AdminUsersDeps,
  input: { name: string; email: string; role: StaffRole; password: string; acting: Acting },
): Promise<string> {
  const { name, email, role, password, acting } = input;
  const userId = await deps.users.createStaff({
    name,
    email,
    role,
    passwordHash: await hashPassword(password),
  });
  await deps.audit.record({ type: "staff.created", target: { userId, email }, details: { role }, ...acting });
  return userId;
}

/**
 * Suspends or reactivates a user; the authorizer refuses a suspended user's tokens. Nobody suspends
 * themselves (`SelfSuspensionError`: no one might be left to undo it). Audited when the status changes.
 */
export async function setUserStatus(
  deps: AdminUsersDeps,
  input: { userId: string; status: Status; acting: Acting },
): Promise<Stored<UserRecord>> {
  const { userId, status, acting } = input;
  if (status === "suspended" && userId === acting.actor.userId) throw new SelfSuspensionError();
  const { user, changed } = await deps.users.setStatus(userId, status);
  if (changed) {
    await deps.audit.record({
      type: status === "suspended" ? "user.suspended" : "user.reactivated",
      target: { userId, email: user.email },
      ...(user.tenantId ? { tenantId: user.tenantId } : {}),
      ...acting,
    });
  }
  return user;
}

/** Clears a user's failed sign-ins, so a locked account may sign in at once. Audited. */
export async function unlockUser(
  deps: AdminUsersDeps,
  input: { userId: string; acting: Acting },
): Promise<void> {
  const { userId, acting } = input;
  const user = await deps.users.get(userId);
  if (!user) throw new NotFoundError("User not found");
  // Stored e-mails are already in their one normalized spelling, the lockout's key.
  await deps.loginFailures.reset(user.email);
  await deps.audit.record({
    type: "account.unlocked",
    target: { userId, email: user.email },
    ...(user.tenantId ? { tenantId: user.tenantId } : {}),
    ...acting,
  });
}
