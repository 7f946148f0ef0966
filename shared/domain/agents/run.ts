/**
 * An agent run's life and money, as plain rules. A run is `queued` when accepted (its credits
 * reserved), `running` while a worker holds its lease, then `succeeded` (credits committed) or
 * `failed` (credits released). A failed run that reached its dead-letter queue may be redriven: it
 * runs again after reserving its credits once more. The moves themselves, and what each requires,
 * are the table in `run-lifecycle.ts`.
 */
import type { ContentStatus } from "#shared/domain/content/content-status";
import type { SourceCitation } from "#shared/domain/knowledge/retrieve";
import type { ContentType } from "./agent.ts";
import type { ModelProviderName, TokenUsage } from "./model.ts";

export const RUN_STATUSES = ["queued", "running", "succeeded", "failed"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * Why a run failed: a permanent fault fails at once; a dead-lettered run exhausted its retries; a
 * not-enqueued run's job could not be queued.
 */
export const FAILURE_KINDS = ["permanent", "dead-lettered", "not-enqueued"] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface RunFailure {
  kind: FailureKind;
  reason: string;
  at: string;
}

/** A run as it is recorded. */
export interface RunRecord {
  runId: string;
  role: string;
  status: RunStatus;
  input: unknown;
  /** For idempotent agents: the subject's key (one run per subject). */
  subject?: string;
  correlationId: string;
  requestedBy: string;
  creditsReserved: number;
  creditsCharged?: number;
  /** Claims by workers so far. */
  attempts: number;
  /** Until when (epoch ms) the claiming worker holds the run. */
  leaseUntil?: number;
  queuedAt: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  model?: { provider: ModelProviderName; model: string };
  usage?: TokenUsage;
  costUsd?: number;
  contentId?: string;
  contentType?: ContentType;
  /** The item's status and version after this run wrote it. */
  contentStatus?: ContentStatus;
  contentVersion?: number;
  /** A revision: the item and the version it revises. */
  revises?: { contentId: string; version: number };
  /** The accepted brand version the run's prompt used (absent: it had none). */
  brandVersion?: number;
  /** The knowledge-base chunks the run's prompt was given, and which its answer cites. */
  sources?: SourceCitation[];
  lastError?: string;
  failure?: RunFailure;
  /** `agent.completed` / `agent.failed` is out (it is published after the write, at least once). */
  eventPublished?: boolean;
}

/** A stored run: its record and the store's bookkeeping (`version` counts its changes). */
export interface Run extends RunRecord {
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * Whether a run is over and has the facts its final event tells (`agent.completed` names the content
 * and model; `agent.failed` the failure).
 */
export function hasFinalEvent(run: Run): boolean {
  if (run.status === "succeeded") return Boolean(run.contentId && run.model);
  if (run.status === "failed") return run.failure !== undefined;
  return false;
}

/**
 * The steps a run reports, with the share of the run each marks as done. Only steps a person could
 * watch: building the prompt or saving the result takes milliseconds, the model takes the time.
 */
export const RUN_STEPS = {
  claimed: 5,
  generating: 30,
  repairing: 70,
  done: 100,
} as const;
export type RunStep = keyof typeof RUN_STEPS;

/** How long a live-status item outlives its last update (the table's TTL). */
export const LIVE_STATUS_TTL_SECONDS = 30 * 60;

/**
 * The credits a finished run is charged: its price scaled by how much of its output budget it used,
 * at least 1 and never more than was reserved. The whole price is reserved up front, so a run can
 * never cost more than the tenant was told; a short answer costs less.
 */
export function creditsToCharge(options: {
  reserved: number;
  maxOutputTokens: number;
  outputTokens: number;
}): number {
  const { reserved, maxOutputTokens, outputTokens } = options;
  if (reserved <= 0) return 0;
  const share = Math.min(1, Math.max(0, outputTokens) / Math.max(1, maxOutputTokens));
  return Math.min(reserved, Math.max(1, Math.ceil(reserved * share)));
}

/** A transient failure's reason as the run keeps it (bounded, one line). */
export function describeFailure(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, " ").slice(0, 500);
}

/** The longest a failed job waits before its next delivery. */
export const MAX_RETRY_DELAY_SECONDS = 300;

/**
 * How long a job that failed transiently waits before it is delivered again: exponential in its
 * deliveries so far (1, 2, 4, 8 … s, with ±50 % jitter so a burst of failures does not return as a
 * burst), never less than what the provider asked for (`Retry-After`), never more than 5 minutes.
 */
export function retryDelaySeconds(
  receiveCount: number,
  options: { retryAfterMs?: number; random?: () => number } = {},
): number {
  const random = options.random ?? Math.random;
  const exponential = 2 ** Math.max(0, receiveCount - 1) * (0.5 + random());
  const asked = (options.retryAfterMs ?? 0) / 1000;
  return Math.min(MAX_RETRY_DELAY_SECONDS, Math.ceil(Math.max(exponential, asked)));
}
