import type { agentsRoutes } from "#shared/contracts/agents.routes";
import { startRun } from "#shared/domain/agents/start-run";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { accepted, ok } from "#shared/platform/http/reply";
import type { AgentsDeps } from "./deps.ts";
import { runView } from "./run-view.ts";

/**
 * Starts a run (`startRun`): 202 `{ runId }` for a new run; 200 with `existing` when an idempotent
 * agent already has a run for the same subject.
 */
export function startRunRoute(deps: AgentsDeps): RouteHandler<typeof agentsRoutes.startRun> {
  return async ({ auth, params, body, requestId }) => {
    const { run, created } = await startRun(deps, auth.tenantId, {
      role: params.role,
      input: body.input,
      requestedBy: auth.principal.userId,
      correlationId: requestId,
    });
    if (!created) return ok({ runId: run.runId, status: run.status, existing: true });
    return accepted({
      runId: run.runId,
      status: run.status,
      creditsReserved: run.creditsReserved,
      run: runView(run),
    });
  };
}
