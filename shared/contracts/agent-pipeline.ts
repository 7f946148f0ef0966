/**
 * What travels through the agent pipeline: the job a run puts on its agent's queue and the events a
 * run publishes. Validated when sent and again when received.
 */
import * as z from "zod/mini";
import { agentJobSchema, agentRoleSchema, runIdSchema } from "#shared/domain/agents/job";
import { FAILURE_KINDS } from "#shared/domain/agents/run";
import { defineEvent } from "./event-definition.ts";
import { defineJob, type JobDefinition } from "./job-definition.ts";

const role = agentRoleSchema;

/** The job of one agent, on its own queue. */
export function agentJob(agentRole: string, queue: string): JobDefinition<typeof agentJobSchema> {
  return defineJob(`agent.run.${agentRole}`, queue, agentJobSchema);
}

/** The `source` of the pipeline's events. */
export const AGENT_EVENT_SOURCE = "leadmetrics.agents";

export const agentProgress = defineEvent(
  "agent.progress",
  z.object({ runId: runIdSchema, role, step: z.string(), percent: z.number() }),
);

export const agentCompleted = defineEvent(
  "agent.completed",
  z.object({
    runId: runIdSchema,
    role,
    contentId: z.string(),
    contentType: z.string(),
    creditsCharged: z.number(),
    model: z.object({ provider: z.string(), model: z.string() }),
  }),
);

export const agentFailed = defineEvent(
  "agent.failed",
  z.object({
    runId: runIdSchema,
    role,
    kind: z.enum(FAILURE_KINDS),
    reason: z.string(),
    creditsReleased: z.number(),
  }),
);
