/**
 * What the audit log records: who did what to whom, from where, under which request. Entries are
 * written once and never changed; the DynamoDB adapter (`shared/adapters/dynamodb/audit-log.ts`)
 * stores and lists them.
 */
import type { Role } from "#shared/domain/access/roles";

/** Everything the audit log records. */
export const AUDIT_TYPES = [
  "login.succeeded",
  "login.failed",
  "account.locked",
  "account.unlocked",
  "refresh.reused",
  "logout.all",
  "password.changed",
  "role.changed",
  "user.invited",
  "user.removed",
  "user.suspended",
  "user.reactivated",
  "staff.created",
  "assignment.created",
  "assignment.removed",
  "tenant.created",
  "tenant.suspended",
  "tenant.reactivated",
  "credits.granted",
  "queue.redriven",
  "content.approved",
  "content.changes-requested",
  "content.edited",
  "content.scheduled",
  "content.archived",
  "review-policy.changed",
  "brand.saved",
  "brand.proposal-accepted",
  "brand.proposal-dismissed",
  "knowledge.document-added",
  "knowledge.document-deleted",
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

export interface AuditEntry {
  type: AuditType;
  /** Who did it; absent when nobody was signed in (a failed sign-in). */
  actor?: { userId: string; role: Role };
  /** Whom or what it was done to. */
  target?: { userId?: string; tenantId?: string; email?: string };
  /** The tenant the entry belongs to, so that tenant's admins can read it. */
  tenantId?: string;
  ip: string;
  correlationId: string;
  /** Facts particular to the type (e.g. `{ from: "member", to: "admin" }`). Never secrets. */
  details?: Record<string, string | number | boolean>;
}

export type StoredAuditEntry = AuditEntry & { id: string; at: string };

/** Where and under which request an act happened: what every audit entry of it carries. */
export type RequestOrigin = Pick<AuditEntry, "ip" | "correlationId">;

/** Who did it, and from where: what a use case acting for a signed-in caller is told. */
export interface Acting extends RequestOrigin {
  actor: NonNullable<AuditEntry["actor"]>;
}

/**
 * What a reader of the audit log is shown of an entry: the entry and when it was written, without
 * the store's bookkeeping (its version and write times).
 */
export function auditEntryView(entry: StoredAuditEntry): StoredAuditEntry {
  return {
    id: entry.id,
    at: entry.at,
    type: entry.type,
    ...(entry.actor ? { actor: { userId: entry.actor.userId, role: entry.actor.role } } : {}),
    ...(entry.target ? { target: entry.target } : {}),
    ...(entry.tenantId ? { tenantId: entry.tenantId } : {}),
    ip: entry.ip,
    correlationId: entry.correlationId,
    ...(entry.details ? { details: entry.details } : {}),
  };
}
