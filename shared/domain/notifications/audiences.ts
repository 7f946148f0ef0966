/**
 * Who is notified of what. One table, read by the notifier (whom to tell) and by the event rule
 * (which events to deliver to it at all), so the two cannot drift:
 *
 * | event | audience | kind |
 * |---|---|---|
 * | content → `in_review` | the reviewers assigned to the tenant | `review.waiting` |
 * | content → `in_tenant_review` | the tenant's admins | `review.tenant-waiting` |
 * | content → `approved` | the tenant's users | `content.approved` |
 * | content → `changes_requested` | the tenant's users | `content.changes-requested` |
 * | `agent.failed` | the tenant's admins | `run.failed` |
 *
 * Super-admins are not told of content waiting for review: they may act on every tenant, and one
 * notification per item of every tenant would bury the few that need them; the review queue is
 * where they look. Whoever moved the item (the event's actor) is not told of their own decision.
 */
import type { ContentStatus } from "#shared/domain/content/content-status";
import type { NotificationKind } from "./notification.ts";

/** A domain event the notifier acts on, as the domain sees it (the notifier parses the wire form). */
export type NotifiableEvent =
  | {
      type: "content.status-changed";
      /** The domain event's id (stable across redeliveries and redrives). */
      eventId: string;
      contentId: string;
      contentType: string;
      to: ContentStatus;
      version: number;
      runId?: string;
      actorId?: string;
    }
  | { type: "agent.failed"; eventId: string; runId: string; role: string; reason: string };

/** The people of a tenant an event concerns. */
export type Audience = "assigned-reviewers" | "tenant-admins" | "tenant-users";

/** The content statuses someone is told about, and whom. */
export const CONTENT_AUDIENCES = {
  in_review: { audience: "assigned-reviewers", kind: "review.waiting" },
  in_tenant_review: { audience: "tenant-admins", kind: "review.tenant-waiting" },
  approved: { audience: "tenant-users", kind: "content.approved" },
  changes_requested: { audience: "tenant-users", kind: "content.changes-requested" },
} as const satisfies Partial<Record<ContentStatus, { audience: Audience; kind: NotificationKind }>>;

/** The statuses whose `content.status-changed` events notify anyone (the event rule's filter). */
export const NOTIFYING_STATUSES = Object.keys(CONTENT_AUDIENCES) as (keyof typeof CONTENT_AUDIENCES)[];

/** What an event tells its audience: the notification's kind, words and links. */
export interface Message {
  audience: Audience;
  kind: NotificationKind;
  title: string;
  /** The summary; `tenantName` is given for staff, who work across tenants. */
  summary: (tenantName: string | undefined) => string;
  contentId?: string;
  runId?: string;
  /** Not told of the event (the person who caused it). */
  exclude?: string;
}

/** "blog-post" → "blog post". */
function label(contentType: string): string {
  return contentType.replace(/[-_]+/g, " ").trim() || "content item";
}

const forTenant = (tenantName: string | undefined) => (tenantName ? ` for ${tenantName}` : "");

/** The message an event gives, or `undefined` when nobody is told of it. */
export function messageOf(event: NotifiableEvent): Message | undefined {
  if (event.type === "agent.failed") {
    return {
      audience: "tenant-admins",
      kind: "run.failed",
      title: "A run failed",
      summary: () =>
        `The ${label(event.role)} run ${event.runId} failed: ${event.reason.replace(/[.\s]+$/, "")}. Its reserved credits were released.`,
      runId: event.runId,
    };
  }
  if (!(event.to in CONTENT_AUDIENCES)) return undefined;
  const { audience, kind } = CONTENT_AUDIENCES[event.to as keyof typeof CONTENT_AUDIENCES];
  const item = `${label(event.contentType)} (version ${event.version})`;
  const words: Record<typeof kind, { title: string; summary: (tenantName: string | undefined) => string }> = {
    "review.waiting": {
      title: "Content waiting for your review",
      summary: (tenantName) => `A ${item}${forTenant(tenantName)} is waiting for your review.`,
    },
    "review.tenant-waiting": {
      title: "Content waiting for your approval",
      summary: () => `A reviewer approved a ${item}; it waits for a tenant admin's decision.`,
    },
    "content.approved": {
      title: "Content approved",
      summary: () => `A ${item} was approved.`,
    },
    "content.changes-requested": {
      title: "Changes requested",
      summary: () => `Changes were requested to a ${item}; the agent is revising it.`,
    },
  };
  return {
    audience,
    kind,
    ...words[kind],
    contentId: event.contentId,
    ...(event.runId !== undefined ? { runId: event.runId } : {}),
    ...(event.actorId !== undefined ? { exclude: event.actorId } : {}),
  };
}
