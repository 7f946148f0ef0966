import { type $ZodType, safeParse } from "zod/v4/core";
// biome-ignore lint/style/noRestrictedImports: failRun moves into the domain next (issue 11)
import { failRun } from "#functions/agents/runner/process-run";
import { agentJob } from "#shared/contracts/agent-pipeline";
import type { agentsRoutes } from "#shared/contracts/agents.routes";
import { canonicalJson } from "#shared/domain/agents/offline";
import { describeFailure } from "#shared/domain/agents/run";
import { DependencyUnavailableError, NotFoundError, ValidationError } from "#shared/domain/errors";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { accepted, ok } from "#shared/platform/http/reply";
import { logger } from "#shared/platform/logger";
import type { AgentsDeps } from "./deps.ts";
import { runView } from "./run-view.ts";

/**
 * Primary course: validate the input with the agent's schema → reserve credits and record the run
 * `queued` (one transaction; not enough credits → 402) → enqueue its job → 202 `{ runId }`. An
 * idempotent agent asked again for the same subject answers the existing run (200). A job that
 * cannot be enqueued fails its run at once (credits released) and answers 503.
 */
export function startRunRoute(deps: AgentsDeps): RouteHandler<typeof agentsRoutes.startRun> {
  return async ({ auth, params, body, requestId }) => {
    const agent = deps.agentByRole(params.role);
    if (!agent) throw new NotFoundError(`No agent ${params.role}`);
    const input = safeParse(agent.input as $ZodType, body.input);
    if (!input.success) {
      throw new ValidationError(
        `The input does not match what ${agent.role} takes`,
        input.error.issues.map((issue) => ({
          in: "body" as const,
          path: ["input", ...issue.path.map(String)].join("."),
          message: issue.message,
        })),
      );
    }
    const revised = agent.revisedRun?.(input.data);
    if (revised !== undefined) {
      const earlier = await deps.runs.get(auth.tenantId, revised);
      // Another tenant's run and no run at all get the same answer: nothing is revealed.
      if (earlier?.role !== agent.role) {
        throw new ValidationError(`The input does not match what ${agent.role} takes`, [
          { in: "body", path: "input.revisionOf.runId", message: `no run of ${agent.role} has this id` },
        ]);
      }
    }
    const subject =
      agent.runs === "idempotent" ? (agent.subject?.(input.data) ?? canonicalJson(input.data)) : undefined;
    const { run, created } = await deps.runs.accept(auth.tenantId, {
      role: agent.role,
      input: input.data,
      price: agent.creditPrice,
      correlationId: requestId,
      requestedBy: auth.principal.userId,
      ...(subject === undefined ? {} : { subject }),
    });
    if (!created) return ok({ runId: run.runId, status: run.status, existing: true });
    try {
      await deps.jobs.enqueue(
        agentJob(agent.role, deps.queueOf(agent.role)),
        { runId: run.runId, role: agent.role },
        {
          tenantId: auth.tenantId,
          correlationId: requestId,
          deduplicationId: `${auth.tenantId}:${run.runId}`,
        },
      );
    } catch (error) {
      logger.error("Could not enqueue the run's job; failing the run", { error, runId: run.runId });
      await failRun(deps, auth.tenantId, run, {
        kind: "not-enqueued",
        reason: `The job could not be queued: ${describeFailure(error)}`,
      });
      throw new DependencyUnavailableError(
        "The run could not be queued; no credits were spent. Retry shortly",
        {
          cause: error,
        },
      );
    }
    return accepted({
      runId: run.runId,
      status: run.status,
      creditsReserved: run.creditsReserved,
      run: runView(run),
    });
  };
}
