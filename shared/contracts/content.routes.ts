import * as z from "zod/mini";
import type { RouteAccess } from "#shared/domain/access/roles";
import { CONTENT_TYPES } from "#shared/domain/agents/agent";
import { AGENT_ROLES } from "#shared/domain/agents/roster";
import { CONTENT_STATUSES, REVIEW_POLICIES } from "#shared/domain/content/content-status";
import { displayParagraphs } from "#shared/domain/text/display-text";
import { agentQueueName } from "#shared/platform/declaration/agent-workers";
import type { ApiDomainDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";
import {
  calendar,
  contentComment,
  contentDetail,
  contentDiff,
  contentItem,
  contentListing,
  contentVersion,
  reviewDetail,
  reviewPolicy,
  reviewQueue,
} from "./content-views.ts";
import { pageQuery } from "./pagination.ts";

const member = { role: "member", tenant: { from: "token" } } as const satisfies RouteAccess;
const tenantAdmin = { role: "admin", tenant: { from: "token" } } as const satisfies RouteAccess;
/** An assigned reviewer (or any super-admin) acting on the tenant the path names. */
const assignedReviewer = {
  role: "reviewer",
  tenant: { from: "path", param: "tenantId" },
} as const satisfies RouteAccess;
const superAdminOfTenant = {
  role: "super_admin",
  tenant: { from: "path", param: "tenantId" },
} as const satisfies RouteAccess;

/** Content ids are ULIDs. */
const contentId = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/));
const tenantId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/));
const versionNumber = z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1_000_000));
/** An ISO 8601 date (a whole day) or date-time with its offset. */
const when = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const contentPath = z.strictObject({ contentId });
const versionPath = z.strictObject({ contentId, version: versionNumber });
const dmContentPath = z.strictObject({ tenantId, contentId });
const dmVersionPath = z.strictObject({ tenantId, contentId, version: versionNumber });
const diffQuery = z.strictObject({ from: versionNumber, to: versionNumber });

/** Every decision names the version it was made on (the latest, or 409). */
const decision = z.strictObject({ version: versionNumber });
const feedback = displayParagraphs(4000);
const changesRequest = z.strictObject({ version: versionNumber, feedback });
/** A version written by hand: the whole body, checked against its agent's output schema. */
const editBody = z.strictObject({ version: versionNumber, body: z.record(z.string(), z.unknown()) });
const commentBody = z.strictObject({ body: displayParagraphs(4000) });

const contentRoutesOfTenant = {
  listContent: {
    method: "GET",
    path: "/api/tenant/v1/content",
    summary: "My tenant's content, newest first: by type, status and creation date (ISO 8601).",
    access: member,
    query: z.strictObject({
      ...pageQuery,
      type: z.optional(z.enum(CONTENT_TYPES)),
      status: z.optional(z.enum(CONTENT_STATUSES)),
      from: z.optional(when),
      to: z.optional(when),
    }),
    response: contentListing,
  },
  getContent: {
    method: "GET",
    path: "/api/tenant/v1/content/{contentId}",
    summary: "One content item with its versions (newest last, with their findings) and its comments.",
    access: member,
    params: contentPath,
    response: contentDetail,
  },
  getVersion: {
    method: "GET",
    path: "/api/tenant/v1/content/{contentId}/versions/{version}",
    summary: "One version of a content item.",
    access: member,
    params: versionPath,
    response: contentVersion,
  },
  diff: {
    method: "GET",
    path: "/api/tenant/v1/content/{contentId}/diff",
    summary: "What changed between two versions: a line diff of every text field that differs.",
    access: member,
    params: contentPath,
    query: diffQuery,
    response: contentDiff,
  },
  comment: {
    method: "POST",
    path: "/api/tenant/v1/content/{contentId}/comments",
    summary: "Comment on a content item (one thread with its reviewers).",
    access: member,
    params: contentPath,
    body: commentBody,
    response: contentComment,
    successStatuses: [201],
  },
  approve: {
    method: "POST",
    path: "/api/tenant/v1/content/{contentId}/approve",
    summary: "Approve an item waiting for my tenant's decision (review policy reviewer-then-tenant).",
    access: tenantAdmin,
    params: contentPath,
    body: decision,
    response: contentItem,
  },
  requestChanges: {
    method: "POST",
    path: "/api/tenant/v1/content/{contentId}/request-changes",
    summary: "Ask for changes to an item waiting for my tenant's decision; its agent revises it.",
    access: tenantAdmin,
    params: contentPath,
    body: changesRequest,
    response: contentItem,
  },
  edit: {
    method: "PUT",
    path: "/api/tenant/v1/content/{contentId}",
    summary: "Write a new version by hand (while the item waits for my tenant, or changes were asked for).",
    access: tenantAdmin,
    params: contentPath,
    body: editBody,
    maxBodyBytes: 131_072,
    response: contentItem,
  },
  schedule: {
    method: "PUT",
    path: "/api/tenant/v1/content/{contentId}/schedule",
    summary: "Put an approved item on the calendar, or move its date.",
    access: tenantAdmin,
    params: contentPath,
    body: z.strictObject({ scheduledFor: when }),
    response: contentItem,
  },
  unschedule: {
    method: "DELETE",
    path: "/api/tenant/v1/content/{contentId}/schedule",
    summary: "Take a scheduled item off the calendar (it stays approved).",
    access: tenantAdmin,
    params: contentPath,
    response: contentItem,
  },
  archive: {
    method: "POST",
    path: "/api/tenant/v1/content/{contentId}/archive",
    summary: "Archive a content item.",
    access: tenantAdmin,
    params: contentPath,
    response: contentItem,
  },
  calendar: {
    method: "GET",
    path: "/api/tenant/v1/calendar",
    summary: "Scheduled items between two ISO 8601 dates or date-times (at most 366 days), by date.",
    access: member,
    query: z.strictObject({ from: when, to: when }),
    response: calendar,
  },
  getReviewPolicy: {
    method: "GET",
    path: "/api/tenant/v1/review-policy",
    summary: "How my tenant's content is reviewed before approval.",
    access: member,
    response: reviewPolicy,
  },
  setReviewPolicy: {
    method: "PUT",
    path: "/api/tenant/v1/review-policy",
    summary: "Set how my tenant's content is reviewed: none, reviewer, or reviewer-then-tenant.",
    access: tenantAdmin,
    body: z.strictObject({ policy: z.enum(REVIEW_POLICIES) }),
    response: reviewPolicy,
  },
} as const satisfies Record<string, RouteDeclaration>;

const contentRoutesOfReviewers = {
  queue: {
    method: "GET",
    path: "/api/dm/v1/queue",
    summary:
      "Items waiting for review across my assigned tenants (every tenant for super-admins), oldest first, a page at a time.",
    access: { role: "reviewer", tenant: { from: "none" } },
    query: z.strictObject(pageQuery),
    response: reviewQueue,
  },
  reviewContent: {
    method: "GET",
    path: "/api/dm/v1/tenants/{tenantId}/content/{contentId}",
    summary:
      "An item to review: its versions, findings, comments, the run's brief and the brand version it used.",
    access: assignedReviewer,
    params: dmContentPath,
    response: reviewDetail,
  },
  reviewVersion: {
    method: "GET",
    path: "/api/dm/v1/tenants/{tenantId}/content/{contentId}/versions/{version}",
    summary: "One version of an item under review.",
    access: assignedReviewer,
    params: dmVersionPath,
    response: contentVersion,
  },
  reviewDiff: {
    method: "GET",
    path: "/api/dm/v1/tenants/{tenantId}/content/{contentId}/diff",
    summary: "What changed between two versions of an item under review.",
    access: assignedReviewer,
    params: dmContentPath,
    query: diffQuery,
    response: contentDiff,
  },
  reviewApprove: {
    method: "POST",
    path: "/api/dm/v1/tenants/{tenantId}/content/{contentId}/approve",
    summary: "Approve the item's latest version.",
    access: assignedReviewer,
    params: dmContentPath,
    body: decision,
    response: contentItem,
  },
  reviewRequestChanges: {
    method: "POST",
    path: "/api/dm/v1/tenants/{tenantId}/content/{contentId}/request-changes",
    summary: "Ask for changes with feedback: the item's agent is woken to write a new version from it.",
    access: assignedReviewer,
    params: dmContentPath,
    body: changesRequest,
    response: contentItem,
  },
  reviewEdit: {
    method: "PUT",
    path: "/api/dm/v1/tenants/{tenantId}/content/{contentId}",
    summary: "Write a new version by hand, attributed to me.",
    access: assignedReviewer,
    params: dmContentPath,
    body: editBody,
    maxBodyBytes: 131_072,
    response: contentItem,
  },
  reviewComment: {
    method: "POST",
    path: "/api/dm/v1/tenants/{tenantId}/content/{contentId}/comments",
    summary: "Comment on an item under review (the same thread the tenant sees).",
    access: assignedReviewer,
    params: dmContentPath,
    body: commentBody,
    response: contentComment,
    successStatuses: [201],
  },
  tenantReviewPolicy: {
    method: "GET",
    path: "/api/admin/v1/tenants/{tenantId}/review-policy",
    summary: "A tenant's review policy, and whether it is locked against its admins.",
    access: superAdminOfTenant,
    params: z.strictObject({ tenantId }),
    response: reviewPolicy,
  },
  overrideReviewPolicy: {
    method: "PUT",
    path: "/api/admin/v1/tenants/{tenantId}/review-policy",
    summary: "Set a tenant's review policy; `locked` keeps its admins from changing it.",
    access: superAdminOfTenant,
    params: z.strictObject({ tenantId }),
    body: z.strictObject({ policy: z.enum(REVIEW_POLICIES), locked: z.boolean() }),
    response: reviewPolicy,
  },
} as const satisfies Record<string, RouteDeclaration>;

/** Content, its review and the calendar: `/api/tenant/v1` for tenants, `/api/dm/v1` for reviewers. */
export const contentRoutes = { ...contentRoutesOfTenant, ...contentRoutesOfReviewers };

export const contentApi = {
  domain: "content",
  entry: "functions/api/content/handler.ts",
  timeoutSeconds: 10,
  memoryMb: 512,
  routes: contentRoutes,
  bindings: {
    table: "readwrite",
    events: true,
    // A request for changes starts the revision run on its agent's queue.
    sendsTo: AGENT_ROLES.map(agentQueueName),
    secrets: ["cursor-key"],
  },
} as const satisfies ApiDomainDeclaration;
