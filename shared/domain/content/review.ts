/**
 * What people do to content: a reviewer (or a tenant admin, in their turn) approves or requests
 * changes, anyone on the item edits it by hand or comments, a tenant admin schedules or archives it.
 * Every decision names the version it was made on: a decision on a version that is no longer the
 * latest, or one that lost a race, is refused with 409 — so two reviewers deciding at once cannot
 * both win, and exactly one wake-up of the agent follows a request for changes.
 */
import { type $ZodType, safeParse } from "zod/v4/core";
import type { Role } from "#shared/domain/access/roles";
import type { Acting } from "#shared/domain/audit/audit-entry";
import type { AuditLog } from "#shared/domain/audit/ports";
import { ValidationError } from "#shared/domain/errors";
import { schemaProblems } from "#shared/domain/schema-problems";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { type BrandRules, checkContent } from "./checks.ts";
import { type ContentComment, MAX_AGENT_REVISIONS, type StoredContent, titleOf } from "./content.ts";
import { type ContentAction, type ContentActor, contentTransition } from "./content-lifecycle.ts";
import {
  ContentMovedError,
  ContentNotFoundError,
  IllegalContentTransitionError,
  RevisionLimitError,
} from "./errors.ts";
import type { ContentEvents } from "./events.ts";
import type { ContentMove, ContentRepository, ReviewPolicyRepository } from "./ports.ts";

/** Wakes an item's agent to revise it; answers the revision run's id, or undefined when its agent cannot revise. */
export interface Revisions {
  canRevise(role: string): boolean;
  start(
    tenantId: TenantId,
    item: StoredContent,
    request: { feedback: string; previous: unknown; requestedBy: string; correlationId: string },
  ): Promise<string>;
}

export interface ReviewDeps {
  content: ContentRepository;
  policies: ReviewPolicyRepository;
  audit: AuditLog;
  events: ContentEvents;
  revisions: Revisions;
  /** The output schema of an agent, to check a version written by hand. */
  outputSchemaOf: (role: string) => $ZodType | undefined;
  /** The tenant's brand rules for the pre-review checks. */
  brandRules: (tenantId: TenantId) => Promise<BrandRules>;
  now: () => Date;
}

/** The actor a signed-in role acts as on content (members only read and comment). */
export function contentActorOf(role: Role): ContentActor | undefined {
  if (role === "reviewer" || role === "super_admin") return "reviewer";
  if (role === "admin") return "tenant-admin";
  return undefined;
}

async function load(deps: ReviewDeps, tenantId: TenantId, contentId: string): Promise<StoredContent> {
  const item = await deps.content.get(tenantId, contentId);
  if (!item) throw new ContentNotFoundError();
  return item;
}

/** The transition `acting` may make now; refused with 409 when the lifecycle does not allow it. */
async function allowed(
  deps: ReviewDeps,
  tenantId: TenantId,
  item: StoredContent,
  action: ContentAction,
  acting: Acting,
  onVersion?: number,
) {
  if (onVersion !== undefined && onVersion !== item.latestVersion) throw new ContentMovedError();
  const actor = contentActorOf(acting.actor.role);
  const { policy } = await deps.policies.get(tenantId);
  const transition = actor && contentTransition(action, item.status, actor, policy);
  if (!transition) throw new IllegalContentTransitionError(action, item.status);
  return transition;
}

async function moved(
  deps: ReviewDeps,
  tenantId: TenantId,
  item: StoredContent,
  move: ContentMove,
  acting: Acting,
  audit: {
    type:
      | "content.approved"
      | "content.changes-requested"
      | "content.edited"
      | "content.scheduled"
      | "content.archived";
    details?: Record<string, string | number | boolean>;
  },
): Promise<StoredContent> {
  const after = await deps.content.move(tenantId, item, move);
  await deps.audit.record({
    type: audit.type,
    actor: acting.actor,
    tenantId,
    target: { tenantId },
    ip: acting.ip,
    correlationId: acting.correlationId,
    details: {
      contentId: item.contentId,
      version: after.latestVersion,
      from: item.status,
      to: after.status,
      ...audit.details,
    },
  });
  // Every move is told, the status kept or not (a new date for a scheduled item): the item's
  // revision grew, and whoever keeps a copy of it (the search index, open calendars) follows.
  await deps.events.statusChanged(tenantId, after, {
    from: item.status,
    actorId: acting.actor.userId,
    correlationId: acting.correlationId,
  });
  return after;
}

export interface Decision {
  contentId: string;
  /** The version decided on: it must be the item's latest. */
  version: number;
}

export async function approve(
  deps: ReviewDeps,
  tenantId: TenantId,
  decision: Decision,
  acting: Acting,
): Promise<StoredContent> {
  const item = await load(deps, tenantId, decision.contentId);
  const transition = await allowed(deps, tenantId, item, "approve", acting, decision.version);
  const at = deps.now();
  const reviewerStep = transition.to === "in_tenant_review";
  return moved(
    deps,
    tenantId,
    item,
    {
      transition,
      at,
      set: reviewerStep
        ? {
            reviewerApproval: {
              userId: acting.actor.userId,
              version: item.latestVersion,
              at: at.toISOString(),
            },
          }
        : {},
      remove: ["waitingSince"],
    },
    acting,
    { type: "content.approved" },
  );
}

/**
 * Records the feedback and wakes the item's agent to write a new version from it (free of credits,
 * at most `MAX_AGENT_REVISIONS` times per item). When the agent cannot revise, the request stands
 * for a person to answer with an edit.
 */
export async function requestChanges(
  deps: ReviewDeps,
  tenantId: TenantId,
  decision: Decision & { feedback: string },
  acting: Acting,
): Promise<StoredContent> {
  const item = await load(deps, tenantId, decision.contentId);
  const transition = await allowed(deps, tenantId, item, "request-changes", acting, decision.version);
  const wakes = deps.revisions.canRevise(item.role);
  if (wakes && item.revisions >= MAX_AGENT_REVISIONS) throw new RevisionLimitError(MAX_AGENT_REVISIONS);
  const at = deps.now();
  const after = await moved(
    deps,
    tenantId,
    item,
    {
      transition,
      at,
      set: {
        feedback: {
          text: decision.feedback,
          userId: acting.actor.userId,
          role: acting.actor.role,
          version: item.latestVersion,
          at: at.toISOString(),
        },
      },
      remove: ["waitingSince", "reviewerApproval"],
    },
    acting,
    { type: "content.changes-requested", details: { feedback: decision.feedback.slice(0, 500) } },
  );
  if (!wakes) return after;
  const previous = await deps.content.version(tenantId, item.contentId, item.latestVersion);
  await deps.revisions.start(tenantId, after, {
    feedback: decision.feedback,
    previous: previous?.body,
    requestedBy: acting.actor.userId,
    correlationId: acting.correlationId,
  });
  return (await deps.content.get(tenantId, item.contentId)) ?? after;
}

/** A version written by hand, checked against its agent's output schema and the pre-review checks. */
export async function editContent(
  deps: ReviewDeps,
  tenantId: TenantId,
  edit: Decision & { body: unknown },
  acting: Acting,
): Promise<StoredContent> {
  const item = await load(deps, tenantId, edit.contentId);
  const transition = await allowed(deps, tenantId, item, "edit", acting, edit.version);
  const schema = deps.outputSchemaOf(item.role);
  const parsed = schema ? safeParse(schema, edit.body) : undefined;
  if (parsed && !parsed.success) {
    throw new ValidationError(
      "The content does not have the shape its type needs",
      schemaProblems("body", parsed.error.issues, edit.body, ["body"]),
    );
  }
  const body = parsed?.success ? parsed.data : edit.body;
  const at = deps.now();
  const version = item.latestVersion + 1;
  const entersReview = transition.to === "in_review" && item.status !== "in_review";
  return moved(
    deps,
    tenantId,
    item,
    {
      transition,
      at,
      set: {
        latestVersion: version,
        title: titleOf(item.type, body),
        ...(entersReview ? { waitingSince: at.toISOString() } : {}),
      },
      version: {
        contentId: item.contentId,
        version,
        body,
        source: { kind: "person", userId: acting.actor.userId, role: acting.actor.role },
        findings: checkContent(item.type, body, await deps.brandRules(tenantId)),
        ...(item.status === "changes_requested" && item.feedback ? { feedback: item.feedback.text } : {}),
        createdAt: at.toISOString(),
      },
    },
    acting,
    { type: "content.edited" },
  );
}

/** Gives an approved item its date on the calendar, or moves the date of a scheduled one. */
export async function schedule(
  deps: ReviewDeps,
  tenantId: TenantId,
  request: { contentId: string; scheduledFor: string },
  acting: Acting,
): Promise<StoredContent> {
  const item = await load(deps, tenantId, request.contentId);
  const transition = await allowed(deps, tenantId, item, "schedule", acting);
  return moved(
    deps,
    tenantId,
    item,
    { transition, at: deps.now(), set: { scheduledFor: request.scheduledFor } },
    acting,
    {
      type: "content.scheduled",
      details: { scheduledFor: request.scheduledFor },
    },
  );
}

export async function unschedule(
  deps: ReviewDeps,
  tenantId: TenantId,
  contentId: string,
  acting: Acting,
): Promise<StoredContent> {
  const item = await load(deps, tenantId, contentId);
  const transition = await allowed(deps, tenantId, item, "unschedule", acting);
  return moved(deps, tenantId, item, { transition, at: deps.now(), remove: ["scheduledFor"] }, acting, {
    type: "content.scheduled",
    details: { scheduledFor: "" },
  });
}

export async function archive(
  deps: ReviewDeps,
  tenantId: TenantId,
  contentId: string,
  acting: Acting,
): Promise<StoredContent> {
  const item = await load(deps, tenantId, contentId);
  const transition = await allowed(deps, tenantId, item, "archive", acting);
  return moved(
    deps,
    tenantId,
    item,
    { transition, at: deps.now(), remove: ["waitingSince", "scheduledFor"] },
    acting,
    { type: "content.archived" },
  );
}

/** A comment on the item's thread, by anyone who may read it. */
export async function addComment(
  deps: Pick<ReviewDeps, "content" | "now">,
  tenantId: TenantId,
  request: { contentId: string; body: string; commentId: string },
  acting: Acting,
): Promise<ContentComment> {
  const item = await deps.content.get(tenantId, request.contentId);
  if (!item) throw new ContentNotFoundError();
  const comment: ContentComment = {
    commentId: request.commentId,
    contentId: item.contentId,
    author: { userId: acting.actor.userId, role: acting.actor.role },
    onVersion: item.latestVersion,
    body: request.body,
    createdAt: deps.now().toISOString(),
  };
  await deps.content.comment(tenantId, comment);
  return comment;
}
