/**
 * The statuses a content item moves through, from the agent's first draft to the calendar. The
 * transitions between them are the content lifecycle (`content-lifecycle.ts`).
 */
export const CONTENT_STATUSES = [
  /** An agent is writing a version (the first one, or a revision asked for by a reviewer). */
  "generating",
  /** Waiting for an assigned reviewer. */
  "in_review",
  /** The reviewer approved; under the `reviewer-then-tenant` policy a tenant admin decides next. */
  "in_tenant_review",
  /** A reviewer or tenant admin asked for changes; the agent is woken to revise. */
  "changes_requested",
  "approved",
  /** Approved and given a date on the calendar. */
  "scheduled",
  "published",
  "archived",
] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

/** How a tenant's content is reviewed before it is approved. */
export const REVIEW_POLICIES = [
  /** Every version is approved as soon as it is written. */
  "none",
  /** An assigned reviewer approves (the default). */
  "reviewer",
  /** An assigned reviewer, then a tenant admin, approve. */
  "reviewer-then-tenant",
] as const;
export type ReviewPolicy = (typeof REVIEW_POLICIES)[number];
export const DEFAULT_REVIEW_POLICY: ReviewPolicy = "reviewer";
