import { randomBytes } from "node:crypto";
import type { TenantRole } from "#shared/domain/access/roles";
import type { Acting, AuditEntry } from "#shared/domain/audit/audit-entry";
import type { AuditLog } from "#shared/domain/audit/ports";
import { NotFoundError } from "#shared/domain/errors";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { hashPassword } from "./password.ts";
import type { KnownUser, TenantUserRepository } from "./ports.ts";

/** What a tenant admin's management of the tenant's users needs. */
export interface TenantUsersDeps {
  tenantUsers: TenantUserRepository;
  audit: Pick<AuditLog, "record">;
}

/** A password to sign in with once and then change: 24 random base64url characters (144 bits). */
export function temporaryPassword(): string {
  return randomBytes(18).toString("base64url");
}

function audited(
  deps: TenantUsersDeps,
  tenantId: TenantId,
  acting: Acting,
  entry: Pick<AuditEntry, "type" | "target" | "details">,
): Promise<string> {
  return deps.audit.record({ ...entry, tenantId, ...acting });
}

/**
 * Primary course: make a one-time temporary password, create the user in the tenant with the
 * e-mail's claim (a taken e-mail → `EmailTakenError`), audit it, and answer the password this once —
 * it is stored only as a hash and never logged.
 */
export async function inviteTenantUser(
  deps: TenantUsersDeps,
  tenantId: TenantId,
  input: { name: string; email: string; role: TenantRole; acting: Acting },
): Promise<{ userId: string; temporaryPassword: string }> {
  const password = temporaryPassword();
  const userId = await deps.tenantUsers.invite(tenantId, {
    name: input.name,
    email: input.email,
    role: input.role,
    passwordHash: await hashPassword(password),
  });
  await audited(deps, tenantId, input.acting, {
    type: "user.invited",
    target: { userId, email: input.email },
    details: { role: input.role },
  });
  return { userId, temporaryPassword: password };
}

/**
 * Primary course: change the role of a user of the tenant together with the tenant's admin count
 * (never below one: `LastAdminError`), audit it, answer the user. Tokens carry the role, so the
 * user's sessions end: the new role applies from their next sign-in. Asking for the role the user
 * already has changes nothing.
 */
export async function changeTenantUserRole(
  deps: TenantUsersDeps,
  tenantId: TenantId,
  input: { userId: string; role: TenantRole; acting: Acting },
): Promise<KnownUser> {
  const change = await deps.tenantUsers.changeRole(tenantId, input.userId, input.role);
  if (change.from !== change.to) {
    await audited(deps, tenantId, input.acting, {
      type: "role.changed",
      target: { userId: input.userId },
      details: { from: change.from, to: change.to },
    });
  }
  const user = await deps.tenantUsers.get(tenantId, input.userId);
  // Removed between the change and this read: say so rather than answer a stale user.
  if (!user) throw new NotFoundError("User not found");
  return user;
}

/**
 * Primary course: remove a user of the tenant and free its e-mail at once — another tenant's user is
 * missing like an unknown one, and the last admin stays (`LastAdminError`) — then audit it. With the
 * user gone, the authorizer refuses every token the user holds.
 */
export async function removeTenantUser(
  deps: TenantUsersDeps,
  tenantId: TenantId,
  input: { userId: string; acting: Acting },
): Promise<void> {
  const removed = await deps.tenantUsers.remove(tenantId, input.userId);
  await audited(deps, tenantId, input.acting, {
    type: "user.removed",
    target: { userId: input.userId, email: removed.email },
    details: { role: removed.role },
  });
}
