/**
 * Wakes an item's agent to revise it after a request for changes: the brief of the run that wrote
 * the item, the feedback and the version to revise make the revision's input (the agent's own
 * `revise`), and the run starts as any other — free of credits (the platform's reviewers asked for
 * it), and moving the item to `generating` in the same write that accepts it.
 */
import { type $ZodType, safeParse } from "zod/v4/core";
import type { Revisions } from "#shared/domain/content/review";
import { PermanentRunError, RunNotFoundError } from "./errors.ts";
import { type StartRunDeps, startRun } from "./start-run.ts";

/** What a revision costs the tenant: nothing (see docs/decisions/0012-review-loop.md). */
export const REVISION_PRICE = 0;

export function createRevisions(deps: StartRunDeps): Revisions {
  return {
    canRevise: (role) => deps.agentByRole(role)?.revise !== undefined,

    async start(tenantId, item, request) {
      const agent = deps.agentByRole(item.role);
      if (!agent?.revise) throw new PermanentRunError(`Agent ${item.role} cannot revise`);
      const firstRun = await deps.runs.get(tenantId, item.runId);
      if (!firstRun) throw new RunNotFoundError(item.runId);
      const brief = safeParse(agent.input as $ZodType, firstRun.input);
      const previous = safeParse(agent.output as $ZodType, request.previous);
      if (!brief.success || !previous.success) {
        throw new PermanentRunError(
          `The brief or the version of ${item.contentId} no longer fits ${agent.role}`,
        );
      }
      const { run } = await startRun(deps, tenantId, {
        role: agent.role,
        input: agent.revise(brief.data, {
          runId: item.runId,
          feedback: request.feedback,
          previous: previous.data,
        }),
        requestedBy: request.requestedBy,
        correlationId: request.correlationId,
        price: REVISION_PRICE,
        revises: item,
      });
      return run.runId;
    },
  };
}
