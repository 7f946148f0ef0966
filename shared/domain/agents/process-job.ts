/**
 * One delivery of an agent job, whichever consumer received it (the Lambda's batch or the Fargate
 * loop). Primary course: validate the job → claim the run → prompt the model with the tenant's brand
 * → validate the answer (one repair) → store content, charge credits, mark succeeded (one
 * transaction) → publish `agent.completed`. A permanent fault fails the run at once and releases its
 * credits; a transient one gives the run back and the job returns to its queue.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { type $ZodType, safeParse } from "zod/v4/core";
import { LostLeaseError, type Run, type RunStore } from "#shared/adapters/dynamodb/agent-runs";
import type { EventPublisher } from "#shared/adapters/events";
import { agentCompleted, agentFailed, agentProgress } from "#shared/contracts/agent-pipeline";
import { JOB_ATTRIBUTES } from "#shared/contracts/job-definition";
import type { AgentDefinition, BrandProfile } from "#shared/domain/agents/agent";
import { readAgentJob } from "#shared/domain/agents/job";
import {
  estimateCostUsd,
  type LanguageModel,
  ModelError,
  type ModelMessage,
  type TokenUsage,
} from "#shared/domain/agents/model";
import { outputJsonSchema } from "#shared/domain/agents/prompt";
import {
  creditsToCharge,
  describeFailure,
  type FailureKind,
  MAX_RETRY_DELAY_SECONDS,
  RUN_STEPS,
  type RunStep,
  retryDelaySeconds,
} from "#shared/domain/agents/run";
import { brandProfileSchema } from "#shared/domain/agents/setup/setup.agent";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";

/** A job message as both consumers see it. */
export interface JobMessage {
  messageId: string;
  body: string;
  /** String message attributes by name. */
  attributes: Readonly<Record<string, string | undefined>>;
  receiveCount: number;
}

export interface RunnerDeps {
  runs: RunStore;
  events: EventPublisher;
  modelFor: (role: string) => Promise<LanguageModel>;
  agentByRole: (role: string) => AgentDefinition | undefined;
  /** How long one attempt may hold a run: the consumer's timeout. */
  leaseMs: number;
  logger: Logger;
  /** Counts what ops alarm on (rejected jobs, failed runs). */
  count: (metric: "RejectedJobs" | "RunsFailed" | "RunsSucceeded" | "OutputRepairs", role?: string) => void;
}

/** `done`: the message may be deleted. `retry`: deliver it again after `delaySeconds`. */
export type Outcome = { kind: "done" } | { kind: "retry"; delaySeconds: number };

const DONE: Outcome = { kind: "done" };

/** A fault that retrying cannot cure: the run fails at once. */
class PermanentRunError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentRunError";
  }
}

export async function processJob(deps: RunnerDeps, message: JobMessage): Promise<Outcome> {
  const correlationId = message.attributes[JOB_ATTRIBUTES.correlationId] ?? message.messageId;
  const log = deps.logger.createChild({ persistentKeys: { correlationId, messageId: message.messageId } });
  const read = readAgentJob(message.body, message.attributes[JOB_ATTRIBUTES.tenantId]);
  if (!read.ok) {
    // Nothing identifies a run to fail: the job is refused loudly (error log + metric → alarm).
    log.error("Rejected an agent job that does not match its schema", { reason: read.reason });
    deps.count("RejectedJobs");
    return DONE;
  }
  const { tenantId, runId, role } = read.job;
  const runLog = log.createChild({ persistentKeys: { tenantId, runId, role } });

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
    const agent = deps.agentByRole(role);
    if (!agent || agent.role !== run.role) throw new PermanentRunError(`No agent ${role} serves this run`);
    const input = safeParse(agent.input as $ZodType, run.input);
    if (!input.success) {
      throw new PermanentRunError(`The run's input no longer matches ${role}'s schema`, {
        cause: input.error,
      });
    }
    const brand = await brandProfileOf(deps, tenantId, runLog);
    const model = await deps.modelFor(role);
    const answer = await generate(deps, tenantId, run, agent, model, { input: input.data, brand }, runLog);
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
      ...(agent.produces === "brand-profile" ? { brandProfile: answer.output as BrandProfile } : {}),
    });
    deps.count("RunsSucceeded", role);
    runLog.info("Run succeeded", {
      contentId: completed.contentId,
      creditsCharged: completed.creditsCharged,
    });
    await publishFinal(deps, tenantId, completed);
    return DONE;
  } catch (error) {
    if (error instanceof LostLeaseError) {
      runLog.warn("Lost the run to another worker; its result was not written", { error });
      return { kind: "retry", delaySeconds: retryDelaySeconds(message.receiveCount) };
    }
    const permanent = error instanceof PermanentRunError || (error instanceof ModelError && !error.retryable);
    if (permanent) {
      runLog.error("Run failed permanently", { error });
      await failRun(deps, tenantId, run, { kind: "permanent", reason: describeFailure(error) }, run);
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

/** Fails a run (credits released) and tells everyone: the dead-letter sweep uses it too. */
export async function failRun(
  deps: Pick<RunnerDeps, "runs" | "events" | "count">,
  tenantId: TenantId,
  run: Run,
  failure: { kind: FailureKind; reason: string },
  holder?: Run,
): Promise<boolean> {
  const failed = await deps.runs.fail(tenantId, run, failure, holder);
  if (!failed) return false;
  deps.count("RunsFailed", run.role);
  await publishFinal(deps, tenantId, failed);
  return true;
}

/** Publishes a finished run's event once it is stored (again, if an earlier attempt could not). */
async function publishFinal(
  deps: Pick<RunnerDeps, "runs" | "events">,
  tenantId: TenantId,
  run: Run,
): Promise<void> {
  if (run.eventPublished) return;
  const meta = { correlationId: run.correlationId, tenantId };
  if (run.status === "succeeded" && run.contentId && run.model) {
    await deps.events.publish(
      agentCompleted,
      {
        runId: run.runId,
        role: run.role,
        contentId: run.contentId,
        contentType: run.contentType ?? "",
        creditsCharged: run.creditsCharged ?? 0,
        model: run.model,
      },
      meta,
    );
  } else if (run.status === "failed" && run.failure) {
    await deps.events.publish(
      agentFailed,
      {
        runId: run.runId,
        role: run.role,
        kind: run.failure.kind,
        reason: run.failure.reason,
        creditsReleased: run.creditsReserved,
      },
      meta,
    );
  } else {
    return;
  }
  await deps.runs.eventPublished(tenantId, run);
}

async function step(deps: RunnerDeps, tenantId: TenantId, run: Run, name: RunStep): Promise<void> {
  await deps.runs.progress(tenantId, run, name);
  await deps.events.publish(
    agentProgress,
    { runId: run.runId, role: run.role, step: name, percent: RUN_STEPS[name] },
    { correlationId: run.correlationId, tenantId },
  );
}

/** Asks the model; an answer that does not fit the schema gets one repair request, no more. */
async function generate(
  deps: RunnerDeps,
  tenantId: TenantId,
  run: Run,
  agent: AgentDefinition,
  model: LanguageModel,
  context: { input: unknown; brand: BrandProfile | undefined },
  log: Logger,
): Promise<{ output: unknown; usage: TokenUsage }> {
  const prompt = agent.prompt(context as Parameters<AgentDefinition["prompt"]>[0]);
  const responseSchema = outputJsonSchema(agent);
  const signal = AbortSignal.timeout(Math.max(1000, deps.leaseMs - 2000));
  const ask = (messages: readonly ModelMessage[]) =>
    model.complete({
      agent: agent.role,
      system: prompt.system,
      messages,
      maxOutputTokens: agent.maxOutputTokens,
      responseSchema,
      draftOffline: () => agent.offlineDraft(context as Parameters<AgentDefinition["offlineDraft"]>[0]),
      signal,
    });
  await step(deps, tenantId, run, "generating");
  const messages: ModelMessage[] = [{ role: "user", content: prompt.user }];
  const first = await ask(messages);
  const checked = checkAnswer(agent, first.text);
  if (checked.ok) return { output: checked.output, usage: first.usage };

  log.warn("The model's answer does not match the output schema; asking once for a repair", {
    problems: checked.problems,
  });
  deps.count("OutputRepairs", agent.role);
  await step(deps, tenantId, run, "repairing");
  const second = await ask([
    ...messages,
    { role: "assistant", content: first.text },
    {
      role: "user",
      content: `Your answer is not valid: ${checked.problems}. Reply again with only the corrected JSON object, matching the schema exactly.`,
    },
  ]);
  const usage = {
    inputTokens: first.usage.inputTokens + second.usage.inputTokens,
    outputTokens: first.usage.outputTokens + second.usage.outputTokens,
  };
  const repaired = checkAnswer(agent, second.text);
  if (repaired.ok) return { output: repaired.output, usage };
  throw new PermanentRunError(
    `The model's answer did not match the output schema after one repair: ${repaired.problems}`,
  );
}

/** The tenant's brand profile, checked again: a stored profile that no longer fits is left out, loudly. */
async function brandProfileOf(
  deps: RunnerDeps,
  tenantId: TenantId,
  log: Logger,
): Promise<BrandProfile | undefined> {
  const stored = await deps.runs.brandProfile(tenantId);
  if (stored === undefined) return undefined;
  const parsed = safeParse(brandProfileSchema, stored);
  if (parsed.success) return parsed.data as BrandProfile;
  log.error("The tenant's stored brand profile does not match its schema; prompting without it", {
    problems: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`),
  });
  return undefined;
}

/** Parses the answer as JSON (a fenced block is accepted) and validates it with the agent's schema. */
export function checkAnswer(
  agent: Pick<AgentDefinition, "output">,
  text: string,
): { ok: true; output: unknown } | { ok: false; problems: string } {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text);
  let json: unknown;
  try {
    json = JSON.parse(fenced?.[1] ?? text);
  } catch (error) {
    return { ok: false, problems: `not JSON (${describeFailure(error)})` };
  }
  const parsed = safeParse(agent.output as $ZodType, json);
  if (parsed.success) return { ok: true, output: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues
      .slice(0, 10)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; "),
  };
}
