/**
 * What a content item's status means to a person, and which actions each party may take in it. The
 * actions mirror the content lifecycle's table (shared/domain/content/content-lifecycle.ts): the
 * server decides, this only keeps the portal from offering a button that can only fail.
 */
import type { ContentItemView } from "#shared/contracts/content-views";
import type { Tone } from "../ui/feedback.tsx";

export type ContentStatus = ContentItemView["status"];
export type ContentType = ContentItemView["type"];

interface StatusWording {
  label: string;
  tone: Tone;
  /** One sentence: where the item stands and who acts next. */
  meaning: string;
}

const WORDING: Record<ContentStatus, StatusWording> = {
  generating: { label: "Being written", tone: "info", meaning: "An agent is writing a version." },
  in_review: {
    label: "In review",
    tone: "warning",
    meaning: "Waiting for a reviewer to approve it or ask for changes.",
  },
  in_tenant_review: {
    label: "Waiting for you",
    tone: "warning",
    meaning: "A reviewer approved it; an admin of your team decides next.",
  },
  changes_requested: {
    label: "Changes requested",
    tone: "danger",
    meaning: "Changes were asked for; its agent writes a revision, or someone edits it by hand.",
  },
  approved: { label: "Approved", tone: "success", meaning: "Approved and ready to be put on the calendar." },
  scheduled: { label: "Scheduled", tone: "info", meaning: "Approved and on the calendar." },
  published: { label: "Published", tone: "success", meaning: "Published on its date." },
  archived: { label: "Archived", tone: "neutral", meaning: "Archived: kept for the record, not used." },
};

export function statusLabel(status: ContentStatus): string {
  return WORDING[status].label;
}

export function statusTone(status: ContentStatus): Tone {
  return WORDING[status].tone;
}

export function statusMeaning(status: ContentStatus): string {
  return WORDING[status].meaning;
}

const TYPE_LABELS: Record<ContentType, string> = {
  "brand-profile": "Brand profile",
  strategy: "Strategy",
  "blog-post": "Blog post",
  "social-posts": "Social posts",
};

export function typeLabel(type: ContentType): string {
  return TYPE_LABELS[type];
}

export type ContentAction = "approve" | "request-changes" | "edit" | "schedule" | "unschedule" | "archive";

const ARCHIVABLE: readonly ContentStatus[] = [
  "generating",
  "in_review",
  "in_tenant_review",
  "changes_requested",
  "approved",
  "scheduled",
  "published",
];

/** What a tenant user may do in `status`: admins decide, schedule and archive; members only comment. */
export function tenantActions(status: ContentStatus, isAdmin: boolean): ContentAction[] {
  if (!isAdmin) return [];
  const actions: ContentAction[] = [];
  if (status === "in_tenant_review") actions.push("approve");
  if (status === "in_tenant_review" || status === "changes_requested")
    actions.push("request-changes", "edit");
  if (status === "approved" || status === "scheduled") actions.push("schedule");
  if (status === "scheduled") actions.push("unschedule");
  if (ARCHIVABLE.includes(status)) actions.push("archive");
  return actions;
}

/** What an assigned reviewer may do in `status` through the review routes. */
export function reviewerActions(status: ContentStatus): ContentAction[] {
  const actions: ContentAction[] = [];
  if (status === "in_review") actions.push("approve");
  if (status === "in_review" || status === "changes_requested") actions.push("request-changes");
  if (status === "in_review" || status === "in_tenant_review" || status === "changes_requested") {
    actions.push("edit");
  }
  return actions;
}

/** Every status with its label, in lifecycle order (for filters). */
export const STATUS_OPTIONS = (Object.keys(WORDING) as ContentStatus[]).map((value) => ({
  value,
  label: WORDING[value].label,
}));

/** Every content type with its label (for filters). */
export const TYPE_OPTIONS = (Object.keys(TYPE_LABELS) as ContentType[]).map((value) => ({
  value,
  label: TYPE_LABELS[value],
}));
