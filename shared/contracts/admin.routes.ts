import * as z from "zod/mini";
import { type RouteAccess, STAFF_ROLES } from "#shared/domain/access/roles";
import { AGENT_ROLES } from "#shared/domain/agents/roster";
import { AUDIT_TYPES } from "#shared/domain/audit/audit-entry";
import { emailSchema } from "#shared/domain/identity/email";
import { passwordSchema } from "#shared/domain/identity/password";
import { AGES_UNAVAILABLE, MOVE_TASK_STATUSES, PEEK_MAX } from "#shared/domain/ops/agent-queues";
import { displayLine, displayParagraphs } from "#shared/domain/text/display-text";
import { agentQueueName } from "#shared/platform/declaration/agent-workers";
import { deadLetterQueueName } from "#shared/platform/declaration/naming";
import type { ApiDomainDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";
import { pageQuery } from "./pagination.ts";
import {
  accountStatus,
  auditPage,
  count,
  invitedUserView,
  pageOf,
  timestamp,
  userView,
} from "./response-views.ts";

/** Every admin route is the super-admin's, and none is about the caller's own tenant (they have none). */
const superAdmin = { role: "super_admin", tenant: { from: "none" } } as const satisfies RouteAccess;
/** A super-admin acting on the tenant the path names (the kit parses it into `auth.tenantId`). */
const superAdminOfTenant = {
  role: "super_admin",
  tenant: { from: "path", param: "tenantId" },
} as const satisfies RouteAccess;

/** A tenant or user id as keys accept it: never `#`, never empty. */
const id = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/));
const tenantPath = z.strictObject({ tenantId: id });
const userPath = z.strictObject({ userId: id });
const assignmentPath = z.strictObject({ tenantId: id, reviewerId: id });
const name = displayLine(120);
const page = pageQuery;
/** An agent's role: anything else is refused (400) before a queue is named. */
const agentPath = z.strictObject({ role: z.enum(AGENT_ROLES) });

/** Every agent's job queue and its DLQ, derived from the catalog. */
const agentQueues = AGENT_ROLES.map(agentQueueName);
const agentDeadLetterQueues = agentQueues.map(deadLetterQueueName);

/** Seconds; null when unknown: no recent CloudWatch datapoint (an empty queue), or see `warnings`. */
const age = z.nullable(count);

/** `GET /api/admin/v1/queues`: one item per agent, in catalog order, and what could not be read. */
const queueListing = z.strictObject({
  items: z.array(
    z.strictObject({
      role: z.string(),
      queue: z.string(),
      deadLetterQueue: z.string(),
      depth: count,
      inFlight: count,
      delayed: count,
      dlqDepth: count,
      oldestMessageAgeSeconds: age,
      dlqOldestMessageAgeSeconds: age,
      lastRedrive: z.nullable(
        z.strictObject({
          status: z.enum(MOVE_TASK_STATUSES),
          moved: count,
          toMove: z.optional(count),
          startedAt: z.optional(z.string()),
        }),
      ),
    }),
  ),
  warnings: z.array(z.strictObject({ code: z.enum([AGES_UNAVAILABLE]), message: z.string() })),
});

/** A tenant as the super-admin sees it. */
const tenantView = z.strictObject({
  id: z.string(),
  name: z.string(),
  status: accountStatus,
  createdAt: timestamp,
});
export type TenantView = z.output<typeof tenantView>;
/** A tenant just created: with its first admin's invitation when the request named one. */
const createdTenantView = z.strictObject({ ...tenantView.shape, admin: z.optional(invitedUserView) });
export type CreatedTenantView = z.output<typeof createdTenantView>;

/** A user as the super-admin sees it: a tenant's (`tenantId`) or staff (`tenantId` null). */
const adminUserView = z.strictObject({ ...userView.shape, tenantId: z.nullable(z.string()) });
export type AdminUserView = z.output<typeof adminUserView>;

/** A reviewer assigned to a tenant; name and e-mail are null when the reviewer's account is gone. */
const assignedReviewer = z.strictObject({
  reviewerId: z.string(),
  name: z.nullable(z.string()),
  email: z.nullable(z.string()),
  assignedAt: timestamp,
});
export type AssignedReviewerView = z.output<typeof assignedReviewer>;

/** A staff account just created (it has no tenant). */
const createdStaff = z.strictObject({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(STAFF_ROLES),
  tenantId: z.null(),
  status: z.literal("active"),
});

/** Jobs of an agent's DLQ, as a peek saw them (left in place). */
const deadLetters = z.strictObject({
  role: z.enum(AGENT_ROLES),
  deadLetterQueue: z.string(),
  items: z.array(
    z.strictObject({
      messageId: z.string(),
      /** From the job's body; null when the body is not an agent job (then `body` shows it). */
      runId: z.nullable(z.string()),
      tenantId: z.nullable(z.string()),
      correlationId: z.nullable(z.string()),
      receiveCount: count,
      sentAt: timestamp,
      ageSeconds: count,
      reason: z.optional(z.string()),
      /** The raw body (at most 2048 characters), only when it is not a valid agent job. */
      body: z.optional(z.string()),
    }),
  ),
});
export type DeadLetterPeek = z.output<typeof deadLetters>;

/** A redrive just started: its move task's handle and about how many jobs it moves. */
const redrive = z.strictObject({
  role: z.enum(AGENT_ROLES),
  queue: z.string(),
  deadLetterQueue: z.string(),
  taskHandle: z.string(),
  messagesToMove: count,
});
export type RedriveView = z.output<typeof redrive>;

/** A tenant's credits: what it may spend, what running agents hold, and all it was ever granted. */
const creditBalance = z.strictObject({
  tenantId: z.string(),
  balance: count,
  reserved: count,
  granted: count,
});

/**
 * The platform's administration: tenants, staff, users, reviewer assignments, the audit log, and the
 * agent job queues with their dead-letter queues: `/api/admin/v1`.
 */
export const adminRoutes = {
  listTenants: {
    method: "GET",
    path: "/api/admin/v1/tenants",
    summary: "Every tenant, newest first.",
    access: superAdmin,
    query: z.strictObject(page),
    response: pageOf(tenantView),
  },
  createTenant: {
    method: "POST",
    path: "/api/admin/v1/tenants",
    summary:
      "Create a tenant with the stage's starter credits and, when `admin` is given, its first admin invited: the answer then carries the admin's one-time temporary password, shown only this once.",
    access: superAdmin,
    body: z.strictObject({ name, admin: z.optional(z.strictObject({ name, email: emailSchema })) }),
    maxBodyBytes: 1024,
    response: createdTenantView,
    successStatuses: [201],
  },
  getTenant: {
    method: "GET",
    path: "/api/admin/v1/tenants/{tenantId}",
    summary: "One tenant.",
    access: superAdminOfTenant,
    params: tenantPath,
    response: tenantView,
  },
  suspendTenant: {
    method: "POST",
    path: "/api/admin/v1/tenants/{tenantId}/suspend",
    summary: "Suspend a tenant: its users' tokens are refused until it is reactivated.",
    access: superAdminOfTenant,
    params: tenantPath,
    response: tenantView,
  },
  reactivateTenant: {
    method: "POST",
    path: "/api/admin/v1/tenants/{tenantId}/reactivate",
    summary: "Reactivate a suspended tenant.",
    access: superAdminOfTenant,
    params: tenantPath,
    response: tenantView,
  },
  listReviewers: {
    method: "GET",
    path: "/api/admin/v1/tenants/{tenantId}/reviewers",
    summary: "The reviewers assigned to a tenant.",
    access: superAdminOfTenant,
    params: tenantPath,
    query: z.strictObject(page),
    response: pageOf(assignedReviewer),
  },
  assignReviewer: {
    method: "PUT",
    path: "/api/admin/v1/tenants/{tenantId}/reviewers/{reviewerId}",
    summary: "Assign a reviewer to a tenant (idempotent: 201 when new, 200 when already assigned).",
    access: superAdminOfTenant,
    params: assignmentPath,
    response: z.strictObject({ reviewerId: z.string(), tenantId: z.string() }),
    successStatuses: [200, 201],
  },
  unassignReviewer: {
    method: "DELETE",
    path: "/api/admin/v1/tenants/{tenantId}/reviewers/{reviewerId}",
    summary: "End a reviewer's assignment to a tenant.",
    access: superAdminOfTenant,
    params: assignmentPath,
    response: z.undefined(),
  },
  listStaff: {
    method: "GET",
    path: "/api/admin/v1/staff",
    summary: "The platform's staff (reviewers and super-admins), oldest first; never tenants' users.",
    access: superAdmin,
    query: z.strictObject(page),
    response: pageOf(adminUserView),
  },
  createStaff: {
    method: "POST",
    path: "/api/admin/v1/staff",
    summary: "Create a reviewer or another super-admin.",
    access: superAdmin,
    body: z.strictObject({
      name,
      email: emailSchema,
      role: z.enum(["reviewer", "super_admin"]),
      password: passwordSchema,
    }),
    maxBodyBytes: 4096,
    response: createdStaff,
    successStatuses: [201],
  },
  suspendUser: {
    method: "POST",
    path: "/api/admin/v1/users/{userId}/suspend",
    summary: "Suspend a user (never oneself): their tokens are refused until reactivated.",
    access: superAdmin,
    params: userPath,
    response: adminUserView,
  },
  reactivateUser: {
    method: "POST",
    path: "/api/admin/v1/users/{userId}/reactivate",
    summary: "Reactivate a suspended user.",
    access: superAdmin,
    params: userPath,
    response: adminUserView,
  },
  unlockUser: {
    method: "POST",
    path: "/api/admin/v1/users/{userId}/unlock",
    summary: "Clear a user's failed sign-ins, ending a lockout.",
    access: superAdmin,
    params: userPath,
    response: z.undefined(),
  },
  audit: {
    method: "GET",
    path: "/api/admin/v1/audit",
    summary: "The audit log, newest first: all of it, one tenant's, one type's, or both.",
    access: superAdmin,
    query: z.strictObject({ ...page, tenantId: z.optional(id), type: z.optional(z.enum(AUDIT_TYPES)) }),
    response: auditPage,
  },
  listQueues: {
    method: "GET",
    path: "/api/admin/v1/queues",
    summary:
      "Every agent's job queue: depth, in flight, delayed and its oldest message's age, its DLQ's depth and oldest dead letter's age, and the DLQ's latest redrive (SQS's approximate counts; ages from CloudWatch: null without data, and a warning when they could not be read).",
    access: superAdmin,
    response: queueListing,
  },
  peekDeadLetters: {
    method: "GET",
    path: "/api/admin/v1/queues/{role}/dlq",
    summary:
      "Up to `limit` (default 10, at most 50) jobs in an agent's DLQ, left in place: run, tenant, correlation id, receive count, age, and the raw body of a malformed message.",
    access: superAdmin,
    params: agentPath,
    query: z.strictObject({
      limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(PEEK_MAX))),
    }),
    response: deadLetters,
  },
  tenantCredits: {
    method: "GET",
    path: "/api/admin/v1/tenants/{tenantId}/credits",
    summary:
      "A tenant's credits: the balance it may spend, what running agents hold, and all it was granted.",
    access: superAdminOfTenant,
    params: tenantPath,
    response: creditBalance,
  },
  grantCredits: {
    method: "POST",
    path: "/api/admin/v1/tenants/{tenantId}/credits",
    summary: "Grant a tenant credits, with the reason (audited; a ledger entry). Answers the new balance.",
    access: superAdminOfTenant,
    params: tenantPath,
    body: z.strictObject({
      amount: z.int().check(z.minimum(1), z.maximum(1_000_000)),
      reason: displayParagraphs(300, 3),
    }),
    maxBodyBytes: 2048,
    response: creditBalance,
  },
  redriveDeadLetters: {
    method: "POST",
    path: "/api/admin/v1/queues/{role}/redrive",
    summary:
      "Move every job of an agent's DLQ back to its queue (202 with the move task's handle and about how many jobs it moves; 409 while a redrive runs). Audited.",
    access: superAdmin,
    params: agentPath,
    response: redrive,
    successStatuses: [202],
  },
} as const satisfies Record<string, RouteDeclaration>;

export const adminApi = {
  domain: "admin",
  entry: "functions/api/admin/handler.ts",
  // Creating staff hashes a password (scrypt, 32 MiB), as sign-up does.
  timeoutSeconds: 10,
  memoryMb: 1024,
  routes: adminRoutes,
  bindings: {
    table: "readwrite",
    secrets: ["cursor-key"],
    // A tenant a super-admin creates starts with the same starter credits as one that signs up.
    starterCredits: true,
    inspects: [...agentQueues, ...agentDeadLetterQueues],
    redrives: agentDeadLetterQueues,
    // The ages of the oldest messages: CloudWatch's AWS/SQS ApproximateAgeOfOldestMessage.
    readsMetrics: true,
  },
  // Only the ops routes read SQS (queue depths, dead letters, redrives) and only the queue listing
  // CloudWatch; each loads its client on that path. See the field's documentation.
  runtimeProvidedModules: ["@aws-sdk/client-cloudwatch", "@aws-sdk/client-sqs"],
} as const satisfies ApiDomainDeclaration;
