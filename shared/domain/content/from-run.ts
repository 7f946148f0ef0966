/**
 * What a finished run writes to content: a new item with its first version, or — for a revision a
 * request for changes asked for — the next version of the item it revises. Either way the version
 * goes to review or is approved at once, as the tenant's review policy says.
 */
import type { ContentType } from "#shared/domain/agents/agent";
import type { SourceCitation } from "#shared/domain/knowledge/retrieve";
import {
  type ContentItem,
  type ContentVersion,
  type Finding,
  type StoredContent,
  titleOf,
} from "./content.ts";
import { type ContentTransition, contentTransition } from "./content-lifecycle.ts";
import type { ReviewPolicy } from "./content-status.ts";

/** What the run produced, as the content loop needs it. */
export interface RunOutput {
  runId: string;
  role: string;
  contentType: ContentType;
  body: unknown;
  model: { provider: string; model: string };
  brandVersion?: number;
  sources?: SourceCitation[];
}

/** The review a finished run's version gets: the policy in force and the pre-review findings. */
export interface VersionReview {
  policy: ReviewPolicy;
  findings: readonly Finding[];
}

export interface ContentWrite {
  transition: ContentTransition;
  /** The item before (absent for a new one). */
  before?: StoredContent;
  after: ContentItem;
  version: ContentVersion;
}

function transitionFor(action: "create" | "submit", from: "generating" | null, policy: ReviewPolicy) {
  const transition = contentTransition(action, from, "pipeline", policy);
  if (!transition) throw new Error(`The content lifecycle has no ${action} under ${policy}`);
  return transition;
}

function versionOf(
  contentId: string,
  version: number,
  output: RunOutput,
  review: VersionReview,
  at: Date,
  feedback?: string,
): ContentVersion {
  return {
    contentId,
    version,
    body: output.body,
    source: {
      kind: "agent",
      runId: output.runId,
      model: output.model,
      ...(output.brandVersion === undefined ? {} : { brandVersion: output.brandVersion }),
      ...(output.sources === undefined ? {} : { sources: output.sources }),
    },
    findings: review.findings,
    ...(feedback === undefined ? {} : { feedback }),
    createdAt: at.toISOString(),
  };
}

/** A new item from a run's first output. */
export function firstVersion(
  contentId: string,
  output: RunOutput,
  review: VersionReview,
  at: Date,
): ContentWrite {
  const transition = transitionFor("create", null, review.policy);
  const after: ContentItem = {
    contentId,
    type: output.contentType,
    role: output.role,
    runId: output.runId,
    status: transition.to,
    latestVersion: 1,
    title: titleOf(output.contentType, output.body),
    revisions: 0,
    ...(transition.to === "in_review" ? { waitingSince: at.toISOString() } : {}),
  };
  return { transition, after, version: versionOf(contentId, 1, output, review, at) };
}

/** The next version of `item`, which its agent revised on request. */
export function revisedVersion(
  item: StoredContent,
  output: RunOutput,
  review: VersionReview,
  at: Date,
): ContentWrite {
  const transition = transitionFor("submit", "generating", review.policy);
  const { revision: _r, createdAt: _c, updatedAt: _u, revisionRunId: _run, ...rest } = item;
  const version = item.latestVersion + 1;
  const after: ContentItem = {
    ...rest,
    status: transition.to,
    latestVersion: version,
    title: titleOf(item.type, output.body),
    ...(transition.to === "in_review" ? { waitingSince: at.toISOString() } : {}),
  };
  return {
    transition,
    before: item,
    after,
    version: versionOf(item.contentId, version, output, review, at, item.feedback?.text),
  };
}
