/**
 * Starts an agent run. Primary course: validate the input with the agent's schema → reserve credits
 * and record the run `queued` (one write; not enough credits → `InsufficientCreditsError`) → enqueue
 * its job. An idempotent agent asked again for the same subject answers the existing run. A job that
 * cannot be enqueued fails its run at once (credits released) → `DependencyUnavailableError`.
 */
import { type $ZodType, safeParse } from "zod/v4/core";
import { canonicalJson } from "#shared/domain/canonical-json";
import type { StoredContent } from "#shared/domain/content/content";
import { DependencyUnavailableError, ValidationError } from "#shared/domain/errors";
import { schemaProblems } from "#shared/domain/schema-problems";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { AgentDefinition } from "./agent.ts";
import { AgentNotFoundError } from "./errors.ts";
import { type FailRunDeps, failRun } from "./fail-run.ts";
import type { RunJobs, RunLog, RunRepository } from "./ports.ts";
import { describeFailure, type Run } from "./run.ts";

export interface StartRunDeps extends FailRunDeps {
  runs: RunRepository;
  jobs: RunJobs;
  agentByRole: (role: string) => AgentDefinition | undefined;
  logger: RunLog;
}

export interface StartRunInput {
  role: string;
  /** The run's input as the caller sent it (checked here against the agent's schema). */
  input: unknown;
  requestedBy: string;
  correlationId: string;
  /** Credits to reserve. @default the agent's price */
  price?: number;
  /** A revision a request for changes asked for: the item it revises, as read. */
  revises?: StoredContent;
}

/** `created: false`: an idempotent agent's existing run for the same subject. */
export async function startRun(
  deps: StartRunDeps,
  tenantId: TenantId,
  request: StartRunInput,
): Promise<{ run: Run; created: boolean }> {
  const agent = deps.agentByRole(request.role);
  if (!agent) throw new AgentNotFoundError(request.role);
  const input = safeParse(agent.input as $ZodType, request.input);
  if (!input.success) {
    throw new ValidationError(
      `The input does not match what ${agent.role} takes`,
      schemaProblems("body", input.error.issues, request.input, ["input"]),
    );
  }
  const revised = agent.revisedRun?.(input.data);
  if (revised !== undefined) {
    const earlier = await deps.runs.get(tenantId, revised);
    // Another tenant's run and no run at all get the same answer: nothing is revealed.
    if (earlier?.role !== agent.role) {
      throw new ValidationError(`The input does not match what ${agent.role} takes`, [
        { in: "body", path: "input.revisionOf.runId", message: `No run of ${agent.role} has this id` },
      ]);
    }
  }
  const subject =
    agent.runs === "idempotent" ? (agent.subject?.(input.data) ?? canonicalJson(input.data)) : undefined;
  const accepted = await deps.runs.accept(tenantId, {
    role: agent.role,
    input: input.data,
    price: request.price ?? agent.creditPrice,
    correlationId: request.correlationId,
    requestedBy: request.requestedBy,
    ...(subject === undefined ? {} : { subject }),
    ...(request.revises ? { revises: request.revises } : {}),
  });
  if (!accepted.created) return accepted;
  const { run } = accepted;
  try {
    await deps.jobs.enqueue(tenantId, run, { correlationId: request.correlationId });
  } catch (error) {
    deps.logger.error("Could not enqueue the run's job; failing the run", { error, runId: run.runId });
    await failRun(deps, tenantId, {
      run,
      failure: { kind: "not-enqueued", reason: `The job could not be queued: ${describeFailure(error)}` },
    });
    throw new DependencyUnavailableError(
      "The run could not be queued; no credits were spent. Retry shortly",
      {
        cause: error,
      },
    );
  }
  return accepted;
}
