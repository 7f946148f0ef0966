/**
 * The content lifecycle as a table: every move of a content item's status, who may make it and under
 * which review policy. An item is born `in_review` (or `approved` when the tenant's policy is `none`)
 * when its first version is written; nothing moves it except the transitions below. The store writes
 * each move as one write guarded on the status and the item's version the caller read, so two people
 * deciding on the same version at once cannot both win.
 */
import { type ContentStatus, REVIEW_POLICIES, type ReviewPolicy } from "./content-status.ts";

export const CONTENT_ACTIONS = [
  /** The pipeline writes an item's first version. */
  "create",
  /** The pipeline writes a revised version. */
  "submit",
  "approve",
  "request-changes",
  /** The pipeline starts the revision a request for changes asked for. */
  "revise",
  /** The revision run failed: the request for changes stands, waiting for a person. */
  "revision-failed",
  /** A person writes a version by hand. */
  "edit",
  "schedule",
  "unschedule",
  "publish",
  "archive",
] as const;
export type ContentAction = (typeof CONTENT_ACTIONS)[number];

/** Who acts: the agent pipeline, an assigned reviewer (or a super-admin), or a tenant admin. */
export const CONTENT_ACTORS = ["pipeline", "reviewer", "tenant-admin"] as const;
export type ContentActor = (typeof CONTENT_ACTORS)[number];

export interface ContentTransition {
  action: ContentAction;
  /** `null`: the item does not exist yet. */
  from: ContentStatus | null;
  to: ContentStatus;
  by: readonly ContentActor[];
  /** The review policies under which the move applies. */
  policies: readonly ReviewPolicy[];
}

const ANY_POLICY = REVIEW_POLICIES;
const REVIEWED: readonly ReviewPolicy[] = ["reviewer", "reviewer-then-tenant"];
const PEOPLE: readonly ContentActor[] = ["reviewer", "tenant-admin"];
const LIVE: readonly ContentStatus[] = [
  "generating",
  "in_review",
  "in_tenant_review",
  "changes_requested",
  "approved",
  "scheduled",
  "published",
];

/** Every move an item can make. */
export const CONTENT_TRANSITIONS: readonly ContentTransition[] = [
  // A version from the pipeline waits for review, or is approved at once when nobody reviews.
  { action: "create", from: null, to: "in_review", by: ["pipeline"], policies: REVIEWED },
  { action: "create", from: null, to: "approved", by: ["pipeline"], policies: ["none"] },
  { action: "submit", from: "generating", to: "in_review", by: ["pipeline"], policies: REVIEWED },
  { action: "submit", from: "generating", to: "approved", by: ["pipeline"], policies: ["none"] },
  // The reviewer decides; under `reviewer-then-tenant` a tenant admin decides after them.
  { action: "approve", from: "in_review", to: "approved", by: ["reviewer"], policies: ["none", "reviewer"] },
  {
    action: "approve",
    from: "in_review",
    to: "in_tenant_review",
    by: ["reviewer"],
    policies: ["reviewer-then-tenant"],
  },
  { action: "approve", from: "in_tenant_review", to: "approved", by: ["tenant-admin"], policies: ANY_POLICY },
  {
    action: "request-changes",
    from: "in_review",
    to: "changes_requested",
    by: ["reviewer"],
    policies: ANY_POLICY,
  },
  {
    action: "request-changes",
    from: "in_tenant_review",
    to: "changes_requested",
    by: ["tenant-admin"],
    policies: ANY_POLICY,
  },
  // Asking again (new feedback) while no revision runs: the request stands and the agent is woken again.
  {
    action: "request-changes",
    from: "changes_requested",
    to: "changes_requested",
    by: PEOPLE,
    policies: ANY_POLICY,
  },
  { action: "revise", from: "changes_requested", to: "generating", by: ["pipeline"], policies: ANY_POLICY },
  {
    action: "revision-failed",
    from: "generating",
    to: "changes_requested",
    by: ["pipeline"],
    policies: ANY_POLICY,
  },
  // A version by hand keeps the item where it is; one that answers a request for changes goes back to review.
  { action: "edit", from: "in_review", to: "in_review", by: ["reviewer"], policies: ANY_POLICY },
  { action: "edit", from: "in_tenant_review", to: "in_tenant_review", by: PEOPLE, policies: ANY_POLICY },
  { action: "edit", from: "changes_requested", to: "in_review", by: PEOPLE, policies: REVIEWED },
  { action: "edit", from: "changes_requested", to: "approved", by: PEOPLE, policies: ["none"] },
  // The calendar: tenant admins give approved items a date, move it, or take it back.
  { action: "schedule", from: "approved", to: "scheduled", by: ["tenant-admin"], policies: ANY_POLICY },
  { action: "schedule", from: "scheduled", to: "scheduled", by: ["tenant-admin"], policies: ANY_POLICY },
  { action: "unschedule", from: "scheduled", to: "approved", by: ["tenant-admin"], policies: ANY_POLICY },
  { action: "publish", from: "scheduled", to: "published", by: ["pipeline"], policies: ANY_POLICY },
  ...LIVE.map(
    (from): ContentTransition => ({
      action: "archive",
      from,
      to: "archived",
      by: PEOPLE,
      policies: ANY_POLICY,
    }),
  ),
];

/** The move `actor` may make with `action` from `from` under `policy`, if the table has one. */
export function contentTransition(
  action: ContentAction,
  from: ContentStatus | null,
  actor: ContentActor,
  policy: ReviewPolicy,
): ContentTransition | undefined {
  return CONTENT_TRANSITIONS.find(
    (t) => t.action === action && t.from === from && t.by.includes(actor) && t.policies.includes(policy),
  );
}

/** Statuses in which an item waits for someone: an assigned reviewer, or the tenant's admins. */
export function waitsForReviewer(status: ContentStatus): boolean {
  return status === "in_review";
}
