/**
 * What the agent pipeline's use cases need of the world, in the domain's terms. The DynamoDB
 * repositories (`shared/adapters/dynamodb/agents/`), the EventBridge events (`shared/adapters/run-events.ts`)
 * and the SQS jobs (`shared/adapters/run-jobs.ts`) implement them; the use-case tests pass in-memory ones.
 */

import type { StoredContent } from "#shared/domain/content/content";
import type { VersionReview } from "#shared/domain/content/from-run";
import type { SourceCitation } from "#shared/domain/knowledge/retrieve";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { ContentType } from "./agent.ts";
import type { ModelProviderName, TokenUsage } from "./model.ts";
import type { FailureKind, Run, RunStatus, RunStep } from "./run.ts";

/** What a worker's claim on a run found. */
export type Claim =
  | { kind: "claimed"; run: Run }
  /** Another worker holds the run's lease: try again later. */
  | { kind: "busy"; run: Run }
  /** The run is over (succeeded, or failed for good): nothing to do. */
  | { kind: "finished"; run: Run }
  /** A redriven run could not reserve its credits again. */
  | { kind: "unaffordable"; run: Run }
  | { kind: "missing" };

/** What a finished attempt stores. */
export interface RunResult {
  contentType: ContentType;
  output: unknown;
  model: { provider: ModelProviderName; model: string };
  usage: TokenUsage;
  costUsd: number;
  creditsCharged: number;
  /**
   * Set when the run produced a brand profile (the answer, validated by `setup`'s schema): it is
   * stored as a proposed version, used only once a tenant admin accepts it.
   */
  brandProfile?: unknown;
  /** The review its content version gets (policy, pre-review findings). */
  review: VersionReview;
  /** For a revision: the item it revises, as read before the write (it must still be `generating`). */
  revising?: StoredContent;
  /** The accepted brand version the prompt used, when it used one. */
  brandVersion?: number;
  /** The knowledge-base chunks the prompt was given, and which the answer cites. */
  sources?: SourceCitation[];
}

/** A run to accept: its credits are reserved in the same write. */
export interface RunRequest {
  role: string;
  input: unknown;
  /** For an idempotent agent: what the run is about (one live run per subject). */
  subject?: string;
  price: number;
  correlationId: string;
  requestedBy: string;
  /**
   * A revision a request for changes asked for: the item it revises, as read. Accepting the run moves
   * the item to `generating` in the same write, only if it is still as read — so one request for
   * changes wakes the agent once.
   */
  revises?: StoredContent;
}

export interface RunFilter {
  role?: string;
  status?: RunStatus;
  limit?: number;
  cursor?: string;
}

/** A page of a listing; `nextCursor` is absent on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * A tenant's runs. Every change of status is one guarded write allowed by the run lifecycle
 * (`run-lifecycle.ts`); a change that moves credits is one write with them, so a run is reserved,
 * charged or refunded exactly once however often its job is delivered.
 */
export interface RunRepository {
  /**
   * Reserves the run's credits and records it `queued` (not enough credits →
   * `InsufficientCreditsError`). For an idempotent agent a second request for the same subject
   * answers the existing run (`created: false`), unless that run failed.
   */
  accept(tenantId: TenantId, request: RunRequest): Promise<{ run: Run; created: boolean }>;
  get(tenantId: TenantId, runId: string): Promise<Run | undefined>;
  /** Newest first, optionally one agent's and/or one status's. */
  list(tenantId: TenantId, filter: RunFilter): Promise<Page<Run>>;
  /**
   * Takes the run for one attempt, holding it for `leaseMs`: a queued run, a running one whose lease
   * lapsed, or a dead-lettered one that was redriven (its credits reserved again).
   */
  claim(tenantId: TenantId, runId: string, role: string, leaseMs: number): Promise<Claim>;
  /**
   * Stores the result for review (and the brand profile it wrote, as a proposal), marks the run `succeeded` and
   * charges its credits, all or nothing; `RunLeaseLostError` when another worker took the run over.
   */
  complete(tenantId: TenantId, run: Run, result: RunResult): Promise<Run>;
  /** Gives a claimed run back (queued again); false when it had already moved on. */
  release(tenantId: TenantId, run: Run, reason: string): Promise<boolean>;
  /**
   * Fails the run and releases its credits. `holder` is the claim of the worker failing it; without
   * one, only a run nobody holds fails. Answers the failed run, or undefined when it had moved on.
   */
  fail(
    tenantId: TenantId,
    run: Run,
    failure: { kind: FailureKind; reason: string },
    holder?: Run,
  ): Promise<Run | undefined>;
  /** Marks the run's final event as published. */
  markEventPublished(tenantId: TenantId, run: Run): Promise<void>;
}

/**
 * The tenant's accepted brand version (never a pending proposal) and its profile as stored: the
 * worker checks the profile against its schema before use.
 */
export interface BrandProfileRepository {
  accepted(tenantId: TenantId): Promise<{ version: number; profile: unknown } | undefined>;
}

/** A run's progress a person can watch; gone a while after its last update. */
export interface LiveStatus {
  runId: string;
  role: string;
  status: RunStatus;
  step: RunStep;
  percent: number;
  /** Epoch seconds after which the item is stale. */
  expiresAt: number;
  updatedAt: string;
}

export interface LiveStatusRepository {
  /** Records a step of a claimed run. */
  progress(tenantId: TenantId, run: Run, step: RunStep): Promise<void>;
  /** The tenant's recent runs' live status (stale ones left out). */
  list(tenantId: TenantId): Promise<LiveStatus[]>;
}

/** What the pipeline tells the rest of the platform about a run. */
export interface RunEvents {
  /** A step of a claimed run (`agent.progress`). */
  progress(tenantId: TenantId, run: Run, step: RunStep): Promise<void>;
  /** A finished run's outcome (`agent.completed` / `agent.failed`): `hasFinalEvent(run)` holds. */
  finished(tenantId: TenantId, run: Run): Promise<void>;
}

/** The queue a run's job goes to. */
export interface RunJobs {
  enqueue(
    tenantId: TenantId,
    run: Pick<Run, "runId" | "role">,
    meta: { correlationId: string },
  ): Promise<void>;
}

/** A structured log; extra keys ride along with each line. */
export interface RunLog {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
  /** A log whose every line also carries `persistentKeys`. */
  createChild(options: { persistentKeys: Record<string, unknown> }): RunLog;
}

/** What ops alarm on. */
export type RunMetric = "RejectedJobs" | "RunsFailed" | "RunsSucceeded" | "OutputRepairs";

/** Counts one occurrence of a metric, by agent when there is one. */
export type CountRun = (metric: RunMetric, role?: string) => void;
