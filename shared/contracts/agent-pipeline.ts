/**
 * What travels through the agent pipeline: the job a run puts on its agent's queue and the events a
 * run publishes. Validated when sent and again when received.
 */
import * as z from "zod/mini";
import { defineEvent } from "#shared/adapters/events";
import { defineJob, type JobDefinition } from "#shared/adapters/jobs";

export const runIdSchema = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/));
const role = z.string().check(z.regex(/^[a-z][a-z0-9-]{0,39}$/));

/** The job: which run to do. Everything else (input, price) is on the run record. */
export const agentJobSchema = z.strictObject({ runId: runIdSchema, role });

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
    kind: z.enum(["permanent", "dead-lettered", "not-enqueued"]),
    reason: z.string(),
    creditsReleased: z.number(),
  }),
);
