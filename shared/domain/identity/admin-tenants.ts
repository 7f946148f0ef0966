import type { Acting } from "#shared/domain/audit/audit-entry";
import type { AuditLog } from "#shared/domain/audit/ports";
import { NotFoundError } from "#shared/domain/errors";
import type { PageRequest } from "#shared/domain/stored";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { TenantNotFoundError } from "./errors.ts";
import { hashPassword } from "./password.ts";
import type {
  ReviewerAssignmentRepository,
  Status,
  TenantRepository,
  TenantView,
  UserRepository,
} from "./ports.ts";
import { temporaryPassword } from "./tenant-users.ts";

/** What a super-admin's management of tenants, their reviewers and their credits needs. */
export interface AdminTenantsDeps {
  users: Pick<UserRepository, "get">;
  tenants: Pick<TenantRepository, "create" | "register" | "view" | "setStatus">;
  assignments: ReviewerAssignmentRepository;
  /** Tenants' credit balances: grants and the balance after them. */
  credits: {
    grant(
      tenantId: TenantId,
      grant: { amount: number; reason: string; actorId: string; correlationId: string },
    ): Promise<void>;
    balance(tenantId: TenantId): Promise<{ available: number; reserved: number; granted: number }>;
  };
  audit: Pick<AuditLog, "record">;
  /** Credits a new tenant starts with (the stage's `starterCredits`), as a signed-up one does. */
  starterCredits: number;
}

/** A tenant's first admin, invited as a tenant admin invites a user: with a one-time password. */
export interface InvitedAdmin {
  userId: string;
  email: string;
  name: string;
  temporaryPassword: string;
}

/**
 * Primary course: create the tenant with the stage's starter credits — with its first admin and the
 * e-mail's claim in the same transaction when one is named (a taken e-mail → `EmailTakenError`, and no
 * tenant) — audit the creation and the invitation, and answer the tenant and, this once, the admin's
 * temporary password (stored only as a hash, never logged).
 */
export async function createTenant(
  deps: AdminTenantsDeps,
  input: { name: string; admin?: { name: string; email: string }; acting: Acting },
): Promise<{ tenant: TenantView; admin?: InvitedAdmin }> {
  const { acting, admin } = input;
  const starterCredits = {
    amount: deps.starterCredits,
    actorId: acting.actor.userId,
    correlationId: acting.correlationId,
  };
  let invited: InvitedAdmin | undefined;
  let tenantId: TenantId;
  if (admin) {
    const password = temporaryPassword();
    const registered = await deps.tenants.register({
      tenantName: input.name,
      name: admin.name,
      email: admin.email,
      passwordHash: await hashPassword(password),
      starterCredits,
    });
    tenantId = registered.tenantId;
    invited = { userId: registered.userId, ...admin, temporaryPassword: password };
  } else {
    tenantId = await deps.tenants.create(input.name, starterCredits);
  }
  await deps.audit.record({
    type: "tenant.created",
    target: { tenantId },
    tenantId,
    details: { name: input.name },
    ...acting,
  });
  if (invited) {
    await deps.audit.record({
      type: "user.invited",
      target: { userId: invited.userId, email: invited.email },
      tenantId,
      details: { role: "admin" },
      ...acting,
    });
  }
  const tenant = await deps.tenants.view(tenantId);
  if (!tenant) throw new Error(`Tenant ${tenantId} is gone right after its creation`);
  return { tenant, ...(invited ? { admin: invited } : {}) };
}

/**
 * Suspends or reactivates a tenant; the authorizer refuses its users' tokens while it is suspended.
 * Audited when the status changes; asking for the status it already has changes nothing.
 */
export async function setTenantStatus(
  deps: AdminTenantsDeps,
  tenantId: TenantId,
  input: { status: Status; acting: Acting },
): Promise<TenantView> {
  const { tenant, changed } = await deps.tenants.setStatus(tenantId, input.status);
  if (changed) {
    await deps.audit.record({
      type: input.status === "suspended" ? "tenant.suspended" : "tenant.reactivated",
      target: { tenantId },
      tenantId,
      ...input.acting,
    });
  }
  return tenant;
}

/** A reviewer assigned to a tenant, with the name and e-mail it has now (null when it is gone). */
export interface AssignedReviewer {
  reviewerId: string;
  name: string | null;
  email: string | null;
  assignedAt: string;
}

/** A page of the reviewers assigned to a tenant, with their names. Unknown tenant → `NotFoundError`. */
export async function listTenantReviewers(
  deps: AdminTenantsDeps,
  tenantId: TenantId,
  page: PageRequest,
): Promise<{ items: AssignedReviewer[]; nextCursor?: string }> {
  if (!(await deps.tenants.view(tenantId))) throw new NotFoundError("Tenant not found");
  const assignments = await deps.assignments.list(tenantId, page);
  const reviewers = await Promise.all(assignments.items.map((a) => deps.users.get(a.reviewerId)));
  return {
    items: assignments.items.map((assignment, i) => ({
      reviewerId: assignment.reviewerId,
      name: reviewers[i]?.name ?? null,
      email: reviewers[i]?.email ?? null,
      assignedAt: assignment.createdAt,
    })),
    ...(assignments.nextCursor ? { nextCursor: assignments.nextCursor } : {}),
  };
}

/**
 * Assigns a reviewer to a tenant; audited when new (`created`), nothing when it already was. The
 * reviewer's very next request about that tenant is served.
 */
export async function assignReviewer(
  deps: AdminTenantsDeps,
  tenantId: TenantId,
  input: { reviewerId: string; acting: Acting },
): Promise<{ created: boolean }> {
  const { created } = await deps.assignments.assign(input.reviewerId, tenantId);
  if (created) {
    await deps.audit.record({
      type: "assignment.created",
      target: { userId: input.reviewerId, tenantId },
      tenantId,
      ...input.acting,
    });
  }
  return { created };
}

/** Ends an assignment (none → `NotFoundError`); the reviewer's very next request about the tenant is refused. */
export async function unassignReviewer(
  deps: AdminTenantsDeps,
  tenantId: TenantId,
  input: { reviewerId: string; acting: Acting },
): Promise<void> {
  await deps.assignments.unassign(input.reviewerId, tenantId);
  await deps.audit.record({
    type: "assignment.removed",
    target: { userId: input.reviewerId, tenantId },
    tenantId,
    ...input.acting,
  });
}

/** A tenant's credits as a super-admin reads them. Unknown tenant → `TenantNotFoundError`. */
export async function tenantCredits(
  deps: Pick<AdminTenantsDeps, "tenants" | "credits">,
  tenantId: TenantId,
): Promise<{ available: number; reserved: number; granted: number }> {
  const [tenant, balance] = await Promise.all([deps.tenants.view(tenantId), deps.credits.balance(tenantId)]);
  if (!tenant) throw new TenantNotFoundError(tenantId);
  return balance;
}

/**
 * A super-admin grants a tenant credits: an unknown tenant → `TenantNotFoundError`; else one guarded
 * update and its ledger entry, then the audit entry. Answers the balance after it.
 */
export async function grantCredits(
  deps: AdminTenantsDeps,
  tenantId: TenantId,
  input: { amount: number; reason: string; acting: Acting },
): Promise<{ available: number; reserved: number; granted: number }> {
  const { amount, reason, acting } = input;
  if (!(await deps.tenants.view(tenantId))) throw new TenantNotFoundError(tenantId);
  await deps.credits.grant(tenantId, {
    amount,
    reason,
    actorId: acting.actor.userId,
    correlationId: acting.correlationId,
  });
  await deps.audit.record({
    type: "credits.granted",
    target: { tenantId },
    tenantId,
    details: { amount, reason },
    ...acting,
  });
  return deps.credits.balance(tenantId);
}
