import { createHash } from "node:crypto";
import { ulid } from "ulid";
import type { BrandProfile, ContentType } from "#shared/domain/agents/agent";
import { RunMovedError, RunSubjectMovedError } from "#shared/domain/agents/errors";
import type { ModelProviderName, TokenUsage } from "#shared/domain/agents/model";
import {
  type FailureKind,
  LIVE_STATUS_TTL_SECONDS,
  RUN_STEPS,
  type RunFailure,
  type RunStatus,
  type RunStep,
} from "#shared/domain/agents/run";
import { InsufficientCreditsError, WriteConflictError } from "#shared/domain/errors";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { Credits } from "./credits.ts";
import {
  afterGuardedChange,
  createdItem,
  type GuardedChange,
  type IndexKeys,
  type Page,
  type SingleTable,
  type Stored,
  type WriteOp,
} from "./single-table.ts";

const RUN = "RUN";
const SUBJECT = "RUN_SUBJECT";
const LIVE = "LIVE";
const CONTENT = "CONTENT";
const BRAND = "BRAND_PROFILE";

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
  lastError?: string;
  failure?: RunFailure;
  /** `agent.completed` / `agent.failed` is out (it is published after the write, at least once). */
  eventPublished?: boolean;
}

export type Run = Stored<RunRecord>;

export interface LiveStatus {
  runId: string;
  role: string;
  status: RunStatus;
  step: RunStep;
  percent: number;
  /** Epoch seconds after which the item is stale (also its TTL). */
  expiresAt: number;
}

export interface ContentRecord {
  contentId: string;
  type: ContentType;
  role: string;
  runId: string;
  status: "in_review";
  body: unknown;
  model: { provider: ModelProviderName; model: string };
}

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

export interface RunResult {
  contentType: ContentType;
  output: unknown;
  model: { provider: ModelProviderName; model: string };
  usage: TokenUsage;
  costUsd: number;
  creditsCharged: number;
  /** Set when the run wrote the tenant's brand profile. */
  brandProfile?: BrandProfile;
}

/** Another worker took the run over (our lease lapsed): our result is not written. */
export class LostLeaseError extends Error {
  constructor(runId: string) {
    super(`The lease on run ${runId} passed to another worker`);
    this.name = "LostLeaseError";
  }
}

const statusIndexes = (role: string, status: RunStatus, runId: string): IndexKeys => ({
  gsi2: { pk: `RUNS_STATUS#${status}`, sk: runId },
  gsi3: { pk: `RUNS_AGENT_STATUS#${role}#${status}`, sk: runId },
});

/**
 * Runs, their live status, the content they produce and the brand profile, for one table. Every
 * state change is a guarded write (a run moves only from the state the caller saw), and every change
 * that moves credits is one transaction with the credit operations — so a run is reserved, charged or
 * refunded exactly once however often its job is delivered.
 */
export function createRunStore(table: SingleTable, credits: Credits) {
  const now = () => table.now();
  const scope = (tenantId: TenantId) => table.forTenant(tenantId);
  const runGuard = (run: Pick<Run, "attempts">) => ({
    expression: "#gstatus = :grunning AND #gattempts = :gattempts",
    names: { "#gstatus": "status", "#gattempts": "attempts" },
    values: { ":grunning": "running", ":gattempts": run.attempts },
  });
  /** The live-status item of a run: upserted at each step, gone 30 minutes after the last. */
  const live = (run: Pick<Run, "runId" | "role">, status: RunStatus, step: RunStep) => {
    const expiresAt = Math.floor(now().getTime() / 1000) + LIVE_STATUS_TTL_SECONDS;
    return [
      { set: { runId: run.runId, role: run.role, status, step, percent: RUN_STEPS[step], expiresAt } },
      { upsert: true, expiresAt },
    ] as const;
  };
  const liveOp = (tenantId: TenantId, run: Pick<Run, "runId" | "role">, status: RunStatus, step: RunStep) =>
    scope(tenantId).updateWhereOp(LIVE, run.runId, ...live(run, status, step));

  const store = {
    /** The subject key of an idempotent run: the agent and a digest of the subject. */
    subjectKey(role: string, subject: string): string {
      return `${role}:${createHash("sha256").update(subject).digest("hex").slice(0, 40)}`;
    },

    /**
     * Accepts a run: reserves its credits and records it `queued`, in one transaction. For an
     * idempotent agent a second request for the same subject answers the existing run — unless that
     * run failed, when the new run takes the subject over.
     */
    async accept(
      tenantId: TenantId,
      request: {
        role: string;
        input: unknown;
        subject?: string;
        price: number;
        correlationId: string;
        requestedBy: string;
      },
    ): Promise<{ run: Run; created: boolean }> {
      const at = now();
      const runId = ulid(at.getTime());
      const record: RunRecord = {
        runId,
        role: request.role,
        status: "queued",
        input: request.input,
        correlationId: request.correlationId,
        requestedBy: request.requestedBy,
        creditsReserved: request.price,
        attempts: 0,
        queuedAt: at.toISOString(),
        ...(request.subject ? { subject: store.subjectKey(request.role, request.subject) } : {}),
      };
      const runOp = scope(tenantId).createOp<RunRecord>(RUN, runId, record, {
        indexes: {
          gsi1: { pk: `RUNS_AGENT#${request.role}`, sk: runId },
          ...statusIndexes(request.role, "queued", runId),
        },
      });
      const accepted = { run: createdItem<RunRecord>(runOp), created: true };
      const runOps: WriteOp[] = [
        runOp,
        ...credits.reserveOps(tenantId, {
          runId,
          amount: request.price,
          correlationId: request.correlationId,
        }),
        liveOp(tenantId, record, "queued", "claimed"),
      ];
      if (!record.subject) {
        await table.transact(runOps);
        return accepted;
      }
      for (let attempt = 0; attempt < 3; attempt++) {
        const existing = await scope(tenantId).get<{ runId: string }>(SUBJECT, record.subject, {
          consistent: true,
        });
        const existingRun = existing && (await store.get(tenantId, existing.runId));
        if (existingRun && existingRun.status !== "failed") return { run: existingRun, created: false };
        const subjectOp = existing
          ? scope(tenantId).updateWhereOp(
              SUBJECT,
              record.subject,
              { set: { runId } },
              {
                guard: {
                  expression: "#grun = :grun",
                  names: { "#grun": "runId" },
                  values: { ":grun": existing.runId },
                },
                onConditionFailed: () => new RunSubjectMovedError("subject moved"),
              },
            )
          : {
              ...scope(tenantId).createOp(SUBJECT, record.subject, { runId }),
              onConditionFailed: () => new RunSubjectMovedError("subject taken"),
            };
        try {
          await table.transact([subjectOp, ...runOps]);
          return accepted;
        } catch (error) {
          // Another request for the same subject won the race: answer its run.
          if (!(error instanceof RunSubjectMovedError)) throw error;
        }
      }
      throw new WriteConflictError("Another request for the same subject is in progress; retry");
    },

    get(tenantId: TenantId, runId: string): Promise<Run | undefined> {
      return scope(tenantId).get<RunRecord>(RUN, runId, { consistent: true });
    },

    /** Newest first, optionally one agent's and/or one status's. */
    list(
      tenantId: TenantId,
      filter: { role?: string; status?: RunStatus; limit?: number; cursor?: string },
    ): Promise<Page<RunRecord>> {
      const options = { limit: filter.limit, cursor: filter.cursor, order: "desc" as const };
      if (filter.role && filter.status) {
        return scope(tenantId).listByIndex<RunRecord>(
          "gsi3",
          `RUNS_AGENT_STATUS#${filter.role}#${filter.status}`,
          options,
        );
      }
      if (filter.role)
        return scope(tenantId).listByIndex<RunRecord>("gsi1", `RUNS_AGENT#${filter.role}`, options);
      if (filter.status)
        return scope(tenantId).listByIndex<RunRecord>("gsi2", `RUNS_STATUS#${filter.status}`, options);
      return scope(tenantId).list<RunRecord>(RUN, options);
    },

    /** Live status of the tenant's recent runs (items older than their TTL are left out). */
    async live(tenantId: TenantId): Promise<Stored<LiveStatus>[]> {
      const page = await scope(tenantId).list<LiveStatus>(LIVE, { limit: 100 });
      const nowSeconds = Math.floor(now().getTime() / 1000);
      return page.items.filter((item) => item.expiresAt > nowSeconds);
    },

    /**
     * Takes the run for one attempt: a `queued` run, a `running` one whose worker's lease lapsed, or
     * a dead-lettered one that was redriven (its credits are reserved again).
     */
    async claim(tenantId: TenantId, runId: string, role: string, leaseMs: number): Promise<Claim> {
      const at = now();
      const take = {
        // A redriven run publishes its new outcome too.
        set: {
          status: "running",
          leaseUntil: at.getTime() + leaseMs,
          startedAt: at.toISOString(),
          eventPublished: false,
        },
        add: { attempts: 1 },
        remove: ["failure"],
      };
      // No read first: the job names the run's agent, and the guard checks it.
      const result = await scope(tenantId).updateWhere<RunRecord>(RUN, runId, take, {
        guard: {
          expression:
            "#grole = :grole AND (#gstatus = :gqueued OR (#gstatus = :grunning AND #glease < :gnow))",
          names: { "#grole": "role", "#gstatus": "status", "#glease": "leaseUntil" },
          values: { ":grole": role, ":gqueued": "queued", ":grunning": "running", ":gnow": at.getTime() },
        },
        indexes: statusIndexes(role, "running", runId),
      });
      if (result.ok) {
        return { kind: "claimed", run: result.item };
      }
      const current = result.current;
      if (!current || current.role !== role) return { kind: "missing" };
      if (current.status === "running" || current.status === "queued") return { kind: "busy", run: current };
      if (current.status === "failed" && current.failure?.kind === "dead-lettered") {
        try {
          await table.transact([
            scope(tenantId).updateWhereOp(RUN, runId, take, {
              guard: {
                expression: "#gstatus = :gfailed AND #gattempts = :gattempts",
                names: { "#gstatus": "status", "#gattempts": "attempts" },
                values: { ":gfailed": "failed", ":gattempts": current.attempts },
              },
              indexes: statusIndexes(current.role, "running", runId),
              onConditionFailed: () => new RunMovedError(),
            }),
            ...credits.reserveOps(tenantId, {
              runId,
              amount: current.creditsReserved,
              correlationId: current.correlationId,
            }),
          ]);
        } catch (error) {
          if (error instanceof RunMovedError) return store.claim(tenantId, runId, role, leaseMs);
          if (error instanceof InsufficientCreditsError) return { kind: "unaffordable", run: current };
          throw error;
        }
        const run = await store.get(tenantId, runId);
        return run ? { kind: "claimed", run } : { kind: "missing" };
      }
      return { kind: "finished", run: current };
    },

    /** Records a step of a claimed run (live status, TTL 30 min). */
    async progress(tenantId: TenantId, run: Run, step: RunStep): Promise<void> {
      await scope(tenantId).updateWhere(LIVE, run.runId, ...live(run, "running", step));
    },

    /**
     * Finishes a claimed run: stores its content for review (and the brand profile it wrote), marks
     * it `succeeded` and charges its credits — all or nothing, and only if this attempt still holds it.
     */
    async complete(tenantId: TenantId, run: Run, result: RunResult): Promise<Run> {
      const at = now();
      const contentId = ulid(at.getTime());
      const succeeded: GuardedChange = {
        set: {
          status: "succeeded",
          finishedAt: at.toISOString(),
          durationMs: at.getTime() - Date.parse(run.startedAt ?? run.queuedAt),
          model: result.model,
          usage: result.usage,
          costUsd: result.costUsd,
          creditsCharged: result.creditsCharged,
          contentId,
          contentType: result.contentType,
        },
        remove: ["leaseUntil"],
      };
      const ops: WriteOp[] = [
        scope(tenantId).createOp<ContentRecord>(
          CONTENT,
          contentId,
          {
            contentId,
            type: result.contentType,
            role: run.role,
            runId: run.runId,
            status: "in_review",
            body: result.output,
            model: result.model,
          },
          { indexes: { gsi1: { pk: "CONTENT_STATUS#in_review", sk: contentId } } },
        ),
        scope(tenantId).updateWhereOp(RUN, run.runId, succeeded, {
          at,
          guard: runGuard(run),
          indexes: statusIndexes(run.role, "succeeded", run.runId),
          onConditionFailed: () => new LostLeaseError(run.runId),
        }),
        ...credits.commitOps(tenantId, {
          runId: run.runId,
          reserved: run.creditsReserved,
          charged: result.creditsCharged,
          correlationId: run.correlationId,
        }),
        liveOp(tenantId, run, "succeeded", "done"),
      ];
      if (result.brandProfile) {
        ops.push(
          scope(tenantId).updateWhereOp(
            BRAND,
            "current",
            { set: { profile: result.brandProfile, runId: run.runId, contentId } },
            { upsert: true },
          ),
        );
      }
      await table.transact(ops);
      // The guard proved `run` was the stored run: the transaction's outcome needs no read.
      return afterGuardedChange(run, succeeded, at);
    },

    /** Gives a claimed run back to the queue after a transient fault (the job will be delivered again). */
    async release(tenantId: TenantId, run: Run, reason: string): Promise<boolean> {
      const result = await scope(tenantId).updateWhere<RunRecord>(
        RUN,
        run.runId,
        { set: { status: "queued", lastError: reason }, remove: ["leaseUntil"] },
        { guard: runGuard(run), indexes: statusIndexes(run.role, "queued", run.runId) },
      );
      return result.ok;
    },

    /**
     * Fails a run and releases its credits, in one transaction. `holder` is the claimed run of the
     * worker failing it; without one (the dead-letter sweep), a run fails only if it is queued or its
     * lease has lapsed. Answers the failed run, or undefined if the run was not in a state to fail.
     */
    async fail(
      tenantId: TenantId,
      run: Run,
      failure: { kind: FailureKind; reason: string },
      holder?: Run,
    ): Promise<Run | undefined> {
      const at = now();
      const guard = holder
        ? runGuard(holder)
        : {
            expression:
              "#gattempts = :gattempts AND (#gstatus = :gqueued OR (#gstatus = :grunning AND #glease < :gnow))",
            names: { "#gstatus": "status", "#glease": "leaseUntil", "#gattempts": "attempts" },
            values: {
              ":gqueued": "queued",
              ":grunning": "running",
              ":gnow": at.getTime(),
              ":gattempts": run.attempts,
            },
          };
      try {
        await table.transact([
          scope(tenantId).updateWhereOp(
            RUN,
            run.runId,
            {
              set: {
                status: "failed",
                finishedAt: at.toISOString(),
                failure: { kind: failure.kind, reason: failure.reason, at: at.toISOString() },
                creditsCharged: 0,
                eventPublished: false,
              },
              remove: ["leaseUntil"],
            },
            {
              guard,
              indexes: statusIndexes(run.role, "failed", run.runId),
              onConditionFailed: () => new RunMovedError(),
            },
          ),
          ...credits.releaseOps(tenantId, {
            runId: run.runId,
            reserved: run.creditsReserved,
            correlationId: run.correlationId,
          }),
          liveOp(tenantId, run, "failed", "done"),
        ]);
      } catch (error) {
        if (error instanceof RunMovedError) return undefined;
        throw error;
      }
      return store.get(tenantId, run.runId);
    },

    /** Marks the run's final event as published. */
    async eventPublished(tenantId: TenantId, run: Run): Promise<void> {
      await scope(tenantId).updateWhere(RUN, run.runId, { set: { eventPublished: true } }, {});
    },

    async brandProfile(tenantId: TenantId): Promise<BrandProfile | undefined> {
      const item = await scope(tenantId).get<{ profile: BrandProfile }>(BRAND, "current", {
        consistent: true,
      });
      return item?.profile;
    },

    content(tenantId: TenantId, contentId: string): Promise<Stored<ContentRecord> | undefined> {
      return scope(tenantId).get<ContentRecord>(CONTENT, contentId, { consistent: true });
    },
  };
  return store;
}

export type RunStore = ReturnType<typeof createRunStore>;
