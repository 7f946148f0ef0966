/**
 * One delivery of an agent job, whichever consumer received it (the Lambda's batch or the Fargate
 * loop). Primary course: read the job → claim the run → read the tenant's accepted brand version and
 * retrieve its knowledge for the brief → prompt the model with both → validate the answer (one
 * repair) → store content (and the brand version and sources used), charge credits, mark succeeded (one write) → publish `agent.completed`. A permanent fault fails the run at once and releases its credits; a
 * transient one gives the run back and the job returns to its queue.
 */
import { type $ZodType, safeParse } from "zod/v4/core";
import { type BrandProfile, brandProfileSchema } from "#shared/domain/brand/brand-profile";
import { brandRulesOf, checkContent } from "#shared/domain/content/checks";
import type { StoredContent } from "#shared/domain/content/content";
import type { VersionReview } from "#shared/domain/content/from-run";
import type { ContentRepository, ReviewPolicyRepository } from "#shared/domain/content/ports";
import {
  briefText,
  citationsOf,
  type KnowledgeSource,
  type RetrievalDeps,
  retrieveSources,
} from "#shared/domain/knowledge/retrieve";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { AgentWorker } from "./agent.ts";
import { PermanentRunError, RunLeaseLostError } from "./errors.ts";
import { failRun, publishFinal } from "./fail-run.ts";
import { readAgentJob } from "./job.ts";
import { estimateCostUsd, type LanguageModel, ModelError } from "./model.ts";
import { askModel } from "./model-answer.ts";
import type {
  BrandProfileRepository,
  CountRun,
  LiveStatusRepository,
  RunEvents,
  RunLog,
  RunRepository,
} from "./ports.ts";
import {
  creditsToCharge,
  describeFailure,
  MAX_RETRY_DELAY_SECONDS,
  type Run,
  type RunStep,
  retryDelaySeconds,
} from "./run.ts";

/** A job message as both consumers see it, its attributes already read by name. */
export interface JobMessage {
  messageId: string;
  body: string;
  /** The job's tenant attribute, unchecked. */
  tenantId: string | undefined;
  /** The job's correlation id attribute, when it has one. */
  correlationId: string | undefined;
  /** Deliveries so far, this one included. */
  receiveCount: number;
}

export interface ProcessJobDeps {
  runs: RunRepository;
  live: LiveStatusRepository;
  brandProfiles: BrandProfileRepository;
  /**
   * The tenant's knowledge base, searched for every run's brief (the consumers always give it; a test
   * of the pipeline alone may leave it out, and its runs then get no sources and record none).
   */
  knowledge?: RetrievalDeps;
  /** The item a revision revises. */
  content: Pick<ContentRepository, "get">;
  /** The review policy a new version goes to review under. */
  policies: Pick<ReviewPolicyRepository, "get">;
  events: RunEvents;
  modelFor: (role: string) => Promise<LanguageModel>;
  workerByRole: (role: string) => AgentWorker | undefined;
  /** How long one attempt may hold a run: the consumer's timeout. */
  leaseMs: number;
  logger: RunLog;
  /** Counts what ops alarm on (rejected jobs, failed runs). */
  count: CountRun;
}

/** `done`: the message may be deleted. `retry`: deliver it again after `delaySeconds`. */
export type Outcome = { kind: "done" } | { kind: "retry"; delaySeconds: number };

const DONE: Outcome = { kind: "done" };

export async function processJob(deps: ProcessJobDeps, message: JobMessage): Promise<Outcome> {
  const correlationId = message.correlationId ?? message.messageId;
  const keys = { correlationId, messageId: message.messageId };
  const read = readAgentJob(message.body, message.tenantId);
  if (!read.ok) {
    // Nothing identifies a run to fail: the job is refused loudly (error log + metric → alarm).
    deps.logger.error("Rejected an agent job that does not match its schema", {
      ...keys,
      reason: read.reason,
    });
    deps.count("RejectedJobs");
    return DONE;
  }
  const { tenantId, runId, role } = read.job;
  // One child logger a job (each costs a Logger's construction), built once the run is known.
  const runLog = deps.logger.createChild({ persistentKeys: { ...keys, tenantId, runId, role } });

  const claim = await deps.runs.claim(tenantId, runId, role, deps.leaseMs);
  switch (claim.kind) {
    case "missing":
      runLog.error("Rejected a job whose run (or tenant) does not exist");
      deps.count("RejectedJobs", role);
      return DONE;
    case "busy": {
      runLog.info("Another worker holds this run; the job will be delivered again");
      const leaseLeft = Math.ceil(((claim.run.leaseUntil ?? 0) - Date.now()) / 1000);
      return { kind: "retry", delaySeconds: Math.min(MAX_RETRY_DELAY_SECONDS, Math.max(1, leaseLeft)) };
    }
    case "unaffordable":
      runLog.warn("A redriven run could not reserve its credits again; it stays failed");
      return DONE;
    case "finished":
      await publishFinal(deps, tenantId, claim.run);
      return DONE;
    case "claimed":
      break;
  }
  const run = claim.run;
  try {
    await attempt(deps, tenantId, run, runLog);
    return DONE;
  } catch (error) {
    if (error instanceof RunLeaseLostError) {
      runLog.warn("Lost the run to another worker; its result was not written", { error });
      return { kind: "retry", delaySeconds: retryDelaySeconds(message.receiveCount) };
    }
    const permanent = error instanceof PermanentRunError || (error instanceof ModelError && !error.retryable);
    if (permanent) {
      runLog.error("Run failed permanently", { error });
      await failRun(deps, tenantId, {
        run,
        failure: { kind: "permanent", reason: describeFailure(error) },
        holder: run,
      });
      return DONE;
    }
    runLog.warn("Run hit a transient fault; the job goes back to its queue", { error });
    const released = await deps.runs.release(tenantId, run, describeFailure(error));
    if (!released) runLog.warn("The run had already moved on when it was given back");
    return {
      kind: "retry",
      delaySeconds: retryDelaySeconds(message.receiveCount, {
        ...(error instanceof ModelError && error.retryAfterMs !== undefined
          ? { retryAfterMs: error.retryAfterMs }
          : {}),
      }),
    };
  }
}

/** One attempt at a claimed run: its answer stored and charged, its event published. */
async function attempt(deps: ProcessJobDeps, tenantId: TenantId, run: Run, log: RunLog): Promise<void> {
  const agent = deps.workerByRole(run.role);
  if (!agent || agent.role !== run.role) throw new PermanentRunError(`No agent ${run.role} serves this run`);
  const input = safeParse(agent.input as $ZodType, run.input);
  if (!input.success) {
    throw new PermanentRunError(`The run's input no longer matches ${run.role}'s schema`, {
      cause: input.error,
    });
  }
  const revising = await revisedItemOf(deps, tenantId, run);
  // The brand and the knowledge are independent reads: fetched side by side. A run without its
  // tenant's knowledge would write as if the tenant had told it nothing: when the knowledge base
  // cannot be searched the attempt fails as transient and the job is retried (and after its retries
  // lands in the DLQ, failed with the reason), rather than writing without it.
  const [accepted, sources] = await Promise.all([
    acceptedBrandOf(deps, tenantId, log),
    deps.knowledge ? retrieveSources(deps.knowledge, tenantId, briefText(input.data)) : [],
  ]);
  const brand = accepted?.profile;
  if (sources.length > 0) log.info("Retrieved knowledge for the prompt", { sources: sources.length });
  const model = await deps.modelFor(run.role);
  const answer = await askModel(agent, model, contextOf(input.data, brand, sources), {
    leaseMs: deps.leaseMs,
    step: (name) => step(deps, tenantId, run, name),
    onRepair: (problems) => {
      log.warn("The model's answer does not match the output schema; asking once for a repair", {
        problems,
      });
      deps.count("OutputRepairs", agent.role);
    },
  });
  const usage = answer.usage;
  const completed = await deps.runs.complete(tenantId, run, {
    contentType: agent.produces,
    output: answer.output,
    model: { provider: model.provider, model: model.model },
    usage,
    costUsd: estimateCostUsd(usage, model.pricing),
    creditsCharged: creditsToCharge({
      reserved: run.creditsReserved,
      maxOutputTokens: agent.maxOutputTokens,
      outputTokens: usage.outputTokens,
    }),
    ...(agent.produces === "brand-profile" ? { brandProfile: answer.output } : {}),
    review: await reviewOf(deps, tenantId, agent.produces, answer.output, brand),
    ...(revising ? { revising } : {}),
    ...(accepted ? { brandVersion: accepted.version } : {}),
    ...(sources.length > 0 ? { sources: citationsOf(sources, answer.output) } : {}),
  });
  deps.count("RunsSucceeded", run.role);
  log.info("Run succeeded", { contentId: completed.contentId, creditsCharged: completed.creditsCharged });
  await publishFinal(deps, tenantId, completed);
}

function contextOf(input: unknown, brand: BrandProfile | undefined, sources: readonly KnowledgeSource[]) {
  return { input, ...(brand ? { brand } : {}), ...(sources.length > 0 ? { sources } : {}) };
}

/**
 * The item a revision run revises, still waiting for it: an item archived or edited by hand in the
 * meantime fails the run at once (no model call, nothing charged).
 */
async function revisedItemOf(
  deps: ProcessJobDeps,
  tenantId: TenantId,
  run: Run,
): Promise<StoredContent | undefined> {
  if (!run.revises) return undefined;
  const item = await deps.content.get(tenantId, run.revises.contentId);
  if (item?.status !== "generating" || item.revisionRunId !== run.runId) {
    throw new PermanentRunError(
      `Content ${run.revises.contentId} no longer waits for this revision (it was archived or edited meanwhile)`,
    );
  }
  return item;
}

/**
 * The review a new version gets: the tenant's policy and the pre-review findings against its brand.
 * The brand profile itself is not reviewed in the content queue: a tenant admin accepts or edits it as
 * a proposal, so its item is approved as written.
 */
async function reviewOf(
  deps: ProcessJobDeps,
  tenantId: TenantId,
  contentType: string,
  body: unknown,
  brand: BrandProfile | undefined,
): Promise<VersionReview> {
  if (contentType === "brand-profile") return { policy: "none", findings: [] };
  const { policy } = await deps.policies.get(tenantId);
  return { policy, findings: checkContent(contentType, body, brandRulesOf(brand)) };
}

async function step(deps: ProcessJobDeps, tenantId: TenantId, run: Run, name: RunStep): Promise<void> {
  await deps.live.progress(tenantId, run, name);
  await deps.events.progress(tenantId, run, name);
}

/**
 * The tenant's accepted brand version, its profile checked again: a stored profile that no longer
 * fits is left out, loudly. A pending proposal is never used.
 */
async function acceptedBrandOf(
  deps: ProcessJobDeps,
  tenantId: TenantId,
  log: RunLog,
): Promise<{ version: number; profile: BrandProfile } | undefined> {
  const stored = await deps.brandProfiles.accepted(tenantId);
  if (stored === undefined) return undefined;
  const parsed = safeParse(brandProfileSchema, stored.profile);
  if (parsed.success) return { version: stored.version, profile: parsed.data };
  log.error("The tenant's stored brand profile does not match its schema; prompting without it", {
    brandVersion: stored.version,
    problems: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`),
  });
  return undefined;
}
