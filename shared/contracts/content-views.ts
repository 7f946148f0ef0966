/**
 * What the content routes answer: an item, its versions with their findings, its comments, a diff,
 * the calendar, the review queue and the review policy. Sub-schemas are shared, so the tenant's and
 * the reviewer's views of an item are one shape; the types are exported for the portal's client.
 */
import * as z from "zod/mini";
import { ROLES } from "#shared/domain/access/roles";
import { CONTENT_TYPES } from "#shared/domain/agents/agent";
import { FINDING_CHECKS, FINDING_SEVERITIES } from "#shared/domain/content/content";
import { CONTENT_STATUSES, REVIEW_POLICIES } from "#shared/domain/content/content-status";
import { DIFF_OPS, FIELD_CHANGES } from "#shared/domain/content/diff";
import { sourceCitation } from "./knowledge-views.ts";
import { count, pageOf, timestamp } from "./response-views.ts";

/** A version number: 1 for the first. */
const versionNumber = z.int().check(z.minimum(1));
const role = z.enum(ROLES);

/** The latest request for changes, shown to whoever writes the next version. */
const feedback = z.strictObject({
  text: z.string(),
  userId: z.string(),
  role,
  version: versionNumber,
  at: timestamp,
});

/** A content item without its history (lists, and the answer to every decision). */
export const contentItem = z.strictObject({
  contentId: z.string(),
  type: z.enum(CONTENT_TYPES),
  /** The agent that writes (and revises) it. */
  role: z.string(),
  /** The run that wrote the first version. */
  runId: z.string(),
  status: z.enum(CONTENT_STATUSES),
  title: z.string(),
  latestVersion: versionNumber,
  /** Revisions its agent wrote so far. */
  revisions: count,
  /** Since when it waits for its current reviewer (absent when nobody is asked). */
  waitingSince: z.optional(timestamp),
  feedback: z.optional(feedback),
  /** The run writing the revision a request for changes asked for. */
  revisionRunId: z.optional(z.string()),
  /** Who approved it under `reviewer-then-tenant` before the tenant's turn. */
  reviewerApproval: z.optional(z.strictObject({ userId: z.string(), version: versionNumber, at: timestamp })),
  /** Its date on the calendar, once scheduled. */
  scheduledFor: z.optional(timestamp),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type ContentItemView = z.output<typeof contentItem>;

/** What a pre-review check found in a version. */
export const finding = z.strictObject({
  check: z.enum(FINDING_CHECKS),
  severity: z.enum(FINDING_SEVERITIES),
  message: z.string(),
  /** Where in the body (`article`, `posts.0.text`). */
  path: z.optional(z.string()),
});
export type FindingView = z.output<typeof finding>;

/** Who wrote a version: an agent's run (with the brand version its prompt used), or a person. */
const versionSource = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("agent"),
    runId: z.string(),
    model: z.strictObject({ provider: z.string(), model: z.string() }),
    brandVersion: z.optional(versionNumber),
    /** The knowledge-base chunks the run's prompt was given, and which this version cites. */
    sources: z.optional(z.array(sourceCitation)),
  }),
  /** `name`: shown to those who may see it (a tenant's users see their own team's names). */
  z.strictObject({ kind: z.literal("person"), userId: z.string(), role, name: z.optional(z.string()) }),
]);

/** One version; its `body` is the agent's output, whose shape is per content type. */
export const contentVersion = z.strictObject({
  version: versionNumber,
  body: z.unknown(),
  source: versionSource,
  findings: z.array(finding),
  /** The feedback this version answers, when it is a revision. */
  feedback: z.optional(z.string()),
  createdAt: timestamp,
});
export type ContentVersionView = z.output<typeof contentVersion>;

/** A comment on the item's one thread; `version` is the version its author was looking at. */
export const contentComment = z.strictObject({
  commentId: z.string(),
  /** `name`: as for a version written by a person. */
  author: z.strictObject({ userId: z.string(), role, name: z.optional(z.string()) }),
  version: versionNumber,
  body: z.string(),
  createdAt: timestamp,
});
export type ContentCommentView = z.output<typeof contentComment>;

const detailShape = {
  ...contentItem.shape,
  /** Oldest first. */
  versions: z.array(contentVersion),
  /** Oldest first. */
  comments: z.array(contentComment),
};

/** An item with its whole history, as its tenant sees it. */
export const contentDetail = z.strictObject(detailShape);
export type ContentDetail = z.output<typeof contentDetail>;

/** An item under review: its history, the run's brief (per agent) and the brand version it used. */
export const reviewDetail = z.strictObject({
  tenantId: z.string(),
  /** Absent only for a tenant the platform's listing does not know. */
  tenantName: z.optional(z.string()),
  ...detailShape,
  /** The input of the run that wrote it (absent when the run is gone). */
  brief: z.optional(z.unknown()),
  /** The brand version the latest version's prompt used (absent: none, or written by a person). */
  brandVersion: z.optional(versionNumber),
});
export type ReviewDetail = z.output<typeof reviewDetail>;

export const contentListing = pageOf(contentItem);
export type ContentListing = z.output<typeof contentListing>;

/** A line diff of every text field (by path) that differs between two versions. */
export const contentDiff = z.strictObject({
  from: versionNumber,
  to: versionNumber,
  fields: z.array(
    z.strictObject({
      path: z.string(),
      change: z.enum(FIELD_CHANGES),
      lines: z.array(z.strictObject({ op: z.enum(DIFF_OPS), text: z.string() })),
    }),
  ),
});
export type ContentDiff = z.output<typeof contentDiff>;

/** The scheduled items in a range (its bounds as the server read them), by date. */
export const calendar = z.strictObject({
  from: timestamp,
  to: timestamp,
  items: z.array(
    z.strictObject({
      contentId: z.string(),
      contentType: z.enum(CONTENT_TYPES),
      title: z.string(),
      scheduledFor: timestamp,
    }),
  ),
});
export type CalendarView = z.output<typeof calendar>;

/**
 * Items waiting for a reviewer, oldest first, with how long each has waited and whose it is; the
 * tenant's name is absent only for a tenant the platform's listing does not know.
 */
export const reviewQueue = z.strictObject({
  items: z.array(
    z.strictObject({
      tenantId: z.string(),
      tenantName: z.optional(z.string()),
      contentId: z.string(),
      contentType: z.enum(CONTENT_TYPES),
      title: z.string(),
      version: versionNumber,
      waitingSince: timestamp,
      waitingSeconds: count,
    }),
  ),
  nextCursor: z.optional(z.string()),
});
export type ReviewQueueView = z.output<typeof reviewQueue>;

/** A tenant's review policy; `locked`: set by a super-admin, its admins cannot change it. */
export const reviewPolicy = z.strictObject({
  policy: z.enum(REVIEW_POLICIES),
  locked: z.boolean(),
  /** Absent until someone sets it. */
  updatedBy: z.optional(z.string()),
  updatedAt: z.optional(timestamp),
});
export type ReviewPolicyView = z.output<typeof reviewPolicy>;
