/**
 * Pieces of success bodies that several domains answer: a page of a listing, a timestamp, a user as
 * its own tenant or a super-admin sees it, and an audit-log entry. Each route's `response` is built
 * from them, so the API reference and the portal's client name one shape for one thing.
 */
import * as z from "zod/mini";
import { ROLES } from "#shared/domain/access/roles";
import { AUDIT_TYPES } from "#shared/domain/audit/audit-entry";

/** An instant as the API writes it: ISO 8601 in UTC (`Date.prototype.toISOString`). */
export const timestamp = z.iso.datetime();

/** A count: a whole number, never negative. */
export const count = z.int().check(z.minimum(0));

/** One page of a listing: its items, and the cursor of the next page (absent on the last). */
export function pageOf<T extends z.ZodMiniType>(item: T) {
  return z.strictObject({ items: z.array(item), nextCursor: z.optional(z.string()) });
}

/** Whether an account may sign in. */
export const accountStatus = z.enum(["active", "suspended"]);

/** A user as the people who manage it see it: never its password hash or session bookkeeping. */
export const userView = z.strictObject({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  status: accountStatus,
  createdAt: timestamp,
});
export type UserView = z.output<typeof userView>;

/**
 * One entry of the audit log: who did what to whom, from where, under which request. The platform's
 * log (`/api/admin/v1/audit`) also names the people and tenants its ids stand for, as they are named
 * now; a name is absent for one that no longer exists.
 */
export const auditEntryView = z.strictObject({
  id: z.string(),
  at: timestamp,
  type: z.enum(AUDIT_TYPES),
  actor: z.optional(
    z.strictObject({ userId: z.string(), role: z.enum(ROLES), name: z.optional(z.string()) }),
  ),
  target: z.optional(
    z.strictObject({
      userId: z.optional(z.string()),
      tenantId: z.optional(z.string()),
      email: z.optional(z.string()),
      userName: z.optional(z.string()),
      tenantName: z.optional(z.string()),
    }),
  ),
  tenantId: z.optional(z.string()),
  ip: z.string(),
  correlationId: z.string(),
  details: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
});
export type AuditEntryView = z.output<typeof auditEntryView>;

/** A page of the audit log, newest first. */
export const auditPage = pageOf(auditEntryView);

/** A tenant user just invited: its temporary password is in this answer and nowhere else, ever. */
export const invitedUserView = z.strictObject({
  user: z.strictObject({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["member", "admin"]),
    status: z.literal("active"),
  }),
  temporaryPassword: z.string(),
});
export type InvitedUser = z.output<typeof invitedUserView>;
