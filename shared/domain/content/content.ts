/**
 * A content item and its history: every agent output is an item of a type with numbered versions —
 * every generation and every human edit is a new version, none overwritten — a comment thread, and
 * the findings of the pre-review checks on each version.
 */
import type { Role } from "#shared/domain/access/roles";
import type { ContentType } from "#shared/domain/agents/agent";
import type { SourceCitation } from "#shared/domain/knowledge/retrieve";
import type { ContentStatus } from "./content-status.ts";

/** Who wrote a version: an agent's run, or a person. */
export type VersionSource =
  | {
      kind: "agent";
      runId: string;
      model: { provider: string; model: string };
      brandVersion?: number;
      /** The knowledge-base chunks the run's prompt was given, and which the version cites. */
      sources?: SourceCitation[];
    }
  | { kind: "person"; userId: string; role: Role };

/** The pre-review checks a finding comes from. */
export const FINDING_CHECKS = ["avoided-word", "length", "required-section"] as const;
/** `error`: the item should not be approved as it is; `warning`: worth a look. */
export const FINDING_SEVERITIES = ["error", "warning"] as const;

/** What a pre-review check found in a version, for the reviewer to weigh. */
export interface Finding {
  check: (typeof FINDING_CHECKS)[number];
  severity: (typeof FINDING_SEVERITIES)[number];
  message: string;
  /** Where in the body (`article`, `posts.0.text`). */
  path?: string;
}

export interface ContentVersion {
  contentId: string;
  version: number;
  body: unknown;
  source: VersionSource;
  findings: readonly Finding[];
  /** The feedback this version answers, when it is a revision. */
  feedback?: string;
  createdAt: string;
}

/** The latest request for changes, shown to whoever writes the next version. */
export interface ContentFeedback {
  text: string;
  userId: string;
  role: Role;
  version: number;
  at: string;
}

export interface ContentItem {
  contentId: string;
  type: ContentType;
  /** The agent that writes (and revises) it. */
  role: string;
  /** The run that wrote the first version. */
  runId: string;
  status: ContentStatus;
  /** The newest version's number (1 for the first). */
  latestVersion: number;
  title: string;
  /** Revisions its agent wrote so far (bounded: see `MAX_AGENT_REVISIONS`). */
  revisions: number;
  /** Since when the item waits for its current reviewer (absent when nobody is asked). */
  waitingSince?: string;
  feedback?: ContentFeedback;
  /** The run writing the revision a request for changes asked for. */
  revisionRunId?: string;
  /** Who approved it under `reviewer-then-tenant` before the tenant's turn. */
  reviewerApproval?: { userId: string; version: number; at: string };
  /** ISO 8601 date-time on the calendar, once scheduled. */
  scheduledFor?: string;
}

/** A stored item: its fields and the store's bookkeeping (`revision` guards concurrent decisions). */
export type StoredContent = ContentItem & { revision: number; createdAt: string; updatedAt: string };

export interface ContentComment {
  commentId: string;
  contentId: string;
  author: { userId: string; role: Role };
  /** The version the author was looking at. */
  onVersion: number;
  body: string;
  createdAt: string;
}

/** How often an agent revises one item on request before a person must edit it by hand. */
export const MAX_AGENT_REVISIONS = 3;

/** A short title for lists and notifications, whatever the body's shape. */
export function titleOf(type: string, body: unknown): string {
  const record = (body ?? {}) as Record<string, unknown>;
  const named = [record.title, record.businessName, record.headline].find(
    (v): v is string => typeof v === "string" && v.trim() !== "",
  );
  if (named) return clip(named);
  const posts = record.posts;
  if (Array.isArray(posts) && posts.length > 0) {
    const first = posts[0] as Record<string, unknown>;
    if (typeof first.text === "string") return clip(first.text);
  }
  return type.replace(/-/g, " ");
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/** Every text of a body with its path (`article`, `posts.0.text`), in document order. */
export function textFields(body: unknown, path: string[] = []): { path: string; text: string }[] {
  if (typeof body === "string") return [{ path: path.join("."), text: body }];
  if (Array.isArray(body)) return body.flatMap((v, i) => textFields(v, [...path, String(i)]));
  if (body && typeof body === "object") {
    return Object.entries(body).flatMap(([k, v]) => textFields(v, [...path, k]));
  }
  return [];
}
