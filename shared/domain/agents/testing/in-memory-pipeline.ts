/**
 * In-memory implementations of the pipeline's ports, for the use cases' tests. The runs move only as
 * the run lifecycle allows (`allows`, the same table the DynamoDB repository's conditions come from),
 * so a use case that tries a move the table refuses meets the same refusal as in the store.
 */
import { RunLeaseLostError } from "#shared/domain/agents/errors";
import type {
  BrandProfileRepository,
  Claim,
  LiveStatusRepository,
  RunEvents,
  RunLog,
  RunMetric,
  RunRepository,
} from "#shared/domain/agents/ports";
import type { Run, RunStep } from "#shared/domain/agents/run";
import { allows, type RunAction, type TransitionFacts, targetOf } from "#shared/domain/agents/run-lifecycle";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";

export const TENANT: TenantId = parseTenantId("01J0TENANT0000000000000000");

let sequence = 0;
/** A fresh ULID-shaped run id. */
export function newRunId(): string {
  sequence += 1;
  return `01J0RQ${String(sequence).padStart(20, "0")}`;
}

/** A run as `accept` records it, with `changes` on top. */
export function aRun(changes: Partial<Run> = {}): Run {
  const at = new Date().toISOString();
  return {
    runId: newRunId(),
    role: "social-post-writer",
    status: "queued",
    input: { message: "Spring offer: two lessons for one", networks: ["x", "linkedin"] },
    correlationId: "corr-1",
    requestedBy: "user-1",
    creditsReserved: 3,
    attempts: 0,
    queuedAt: at,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...changes,
  };
}

/** What a completed run stored, as these tests look at it. */
interface StoredOutput {
  contentId: string;
  type: string;
  role: string;
  runId: string;
  status: string;
  body: unknown;
  model: { provider: string; model: string };
  findings: readonly unknown[];
}

/** Runs, content and credits of one tenant; every move checked against the lifecycle. */
export class InMemoryRuns implements RunRepository {
  readonly runs = new Map<string, Run>();
  readonly content = new Map<string, StoredOutput>();
  /** The brand profile the last run of `setup` proposed. */
  proposedBrand: unknown;
  /** The tenant's accepted brand version, what the worker may use. */
  acceptedBrand: { version: number; profile: unknown } | undefined;
  /** Credits the tenant can still reserve (a redrive reserves again). */
  available = 100;
  reserved = 0;
  charged = 0;

  add(run: Run): Run {
    this.runs.set(run.runId, run);
    if (run.status === "queued" || run.status === "running") this.reserved += run.creditsReserved;
    return run;
  }

  stored(runId: string): Run {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`no run ${runId}`);
    return run;
  }

  /** Moves the run as `action` if the table allows it; answers the moved run, or undefined. */
  #move(action: RunAction, runId: string, facts: TransitionFacts, change: Partial<Run>): Run | undefined {
    const current = this.runs.get(runId);
    if (!current || !allows(action, current, facts)) return undefined;
    const next: Run = {
      ...current,
      ...change,
      status: targetOf(action),
      version: current.version + 1,
      updatedAt: new Date().toISOString(),
    };
    this.runs.set(runId, next);
    return next;
  }

  async accept(): Promise<{ run: Run; created: boolean }> {
    throw new Error("processJob never accepts a run");
  }

  async get(_tenantId: TenantId, runId: string): Promise<Run | undefined> {
    return this.runs.get(runId);
  }

  async list(): Promise<{ items: Run[] }> {
    return { items: [...this.runs.values()] };
  }

  async claim(_tenantId: TenantId, runId: string, role: string, leaseMs: number): Promise<Claim> {
    const now = Date.now();
    const take = (current: Run): Partial<Run> => ({
      leaseUntil: now + leaseMs,
      startedAt: new Date(now).toISOString(),
      eventPublished: false,
      attempts: current.attempts + 1,
      failure: undefined,
    });
    const current = this.runs.get(runId);
    if (!current || current.role !== role) return { kind: "missing" };
    const claimed = this.#move("claim", runId, { role, now }, take(current));
    if (claimed) return { kind: "claimed", run: claimed };
    if (current.status === "running" || current.status === "queued") return { kind: "busy", run: current };
    if (allows("redrive", current, { attempts: current.attempts })) {
      if (this.available < current.creditsReserved) return { kind: "unaffordable", run: current };
      const redriven = this.#move("redrive", runId, { attempts: current.attempts }, take(current));
      if (!redriven) throw new Error("the redrive was allowed a moment ago");
      this.available -= current.creditsReserved;
      this.reserved += current.creditsReserved;
      return { kind: "claimed", run: redriven };
    }
    return { kind: "finished", run: current };
  }

  async complete(_tenantId: TenantId, run: Run, result: Parameters<RunRepository["complete"]>[2]) {
    const contentId = `content-${run.runId}`;
    const done = this.#move(
      "complete",
      run.runId,
      { attempts: run.attempts },
      {
        finishedAt: new Date().toISOString(),
        model: result.model,
        usage: result.usage,
        costUsd: result.costUsd,
        creditsCharged: result.creditsCharged,
        contentId,
        contentType: result.contentType,
        brandVersion: result.brandVersion,
        sources: result.sources,
        leaseUntil: undefined,
      },
    );
    if (!done) throw new RunLeaseLostError(run.runId);
    this.content.set(contentId, {
      contentId,
      type: result.contentType,
      role: run.role,
      runId: run.runId,
      status: result.review.policy === "none" ? "approved" : "in_review",
      body: result.output,
      model: result.model,
      findings: result.review.findings,
    });
    if (result.brandProfile !== undefined) this.proposedBrand = result.brandProfile;
    this.reserved -= run.creditsReserved;
    this.charged += result.creditsCharged;
    this.available += run.creditsReserved - result.creditsCharged;
    return done;
  }

  async release(_tenantId: TenantId, run: Run, reason: string): Promise<boolean> {
    const change = { lastError: reason, leaseUntil: undefined };
    return this.#move("release", run.runId, { attempts: run.attempts }, change) !== undefined;
  }

  async fail(_tenantId: TenantId, run: Run, failure: Parameters<RunRepository["fail"]>[2], holder?: Run) {
    const at = new Date().toISOString();
    const change: Partial<Run> = {
      finishedAt: at,
      failure: { ...failure, at },
      creditsCharged: 0,
      eventPublished: false,
      leaseUntil: undefined,
    };
    const failed = holder
      ? this.#move("fail", run.runId, { attempts: holder.attempts }, change)
      : this.#move("abandon", run.runId, { attempts: run.attempts, now: Date.now() }, change);
    if (!failed) return undefined;
    this.reserved -= run.creditsReserved;
    this.available += run.creditsReserved;
    return failed;
  }

  async markEventPublished(_tenantId: TenantId, run: Run): Promise<void> {
    const current = this.stored(run.runId);
    this.runs.set(run.runId, { ...current, eventPublished: true });
  }
}

/** The steps each run reported. */
export class InMemoryLiveStatus implements LiveStatusRepository {
  readonly steps: { runId: string; step: RunStep }[] = [];
  async progress(_tenantId: TenantId, run: Run, step: RunStep): Promise<void> {
    this.steps.push({ runId: run.runId, step });
  }
  async list(): Promise<never[]> {
    return [];
  }
}

export class InMemoryBrandProfiles implements BrandProfileRepository {
  constructor(private readonly runs: InMemoryRuns) {}
  async accepted() {
    return this.runs.acceptedBrand;
  }
}

/** The events published, in order; `failNext` makes the next final event's publication throw. */
export class RecordedEvents implements RunEvents {
  readonly published: { type: "progress" | "finished"; runId: string; status: string; step?: RunStep }[] = [];
  failNext = 0;
  async progress(_tenantId: TenantId, run: Run, step: RunStep): Promise<void> {
    this.published.push({ type: "progress", runId: run.runId, status: run.status, step });
  }
  async finished(_tenantId: TenantId, run: Run): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error("the event bus refused the event");
    }
    this.published.push({ type: "finished", runId: run.runId, status: run.status });
  }
  /** The final events of one run. */
  finishedOf(runId: string) {
    return this.published.filter((e) => e.type === "finished" && e.runId === runId);
  }
}

/** Every line logged, with its level and the keys it carried. */
export class RecordedLog implements RunLog {
  constructor(
    readonly lines: { level: string; message: string; keys: Record<string, unknown> }[] = [],
    private readonly keys: Record<string, unknown> = {},
  ) {}
  info(message: string, ...extra: Record<string, unknown>[]): void {
    this.lines.push({ level: "info", message, keys: Object.assign({}, this.keys, ...extra) });
  }
  warn(message: string, ...extra: Record<string, unknown>[]): void {
    this.lines.push({ level: "warn", message, keys: Object.assign({}, this.keys, ...extra) });
  }
  error(message: string, ...extra: Record<string, unknown>[]): void {
    this.lines.push({ level: "error", message, keys: Object.assign({}, this.keys, ...extra) });
  }
  createChild(options: { persistentKeys: Record<string, unknown> }): RunLog {
    return new RecordedLog(this.lines, { ...this.keys, ...options.persistentKeys });
  }
}

/** Counts by `metric` or `metric:role`. */
export class RecordedCounts {
  readonly counts = new Map<string, number>();
  readonly count = (metric: RunMetric, role?: string): void => {
    const key = role ? `${metric}:${role}` : metric;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  };
  of(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}
