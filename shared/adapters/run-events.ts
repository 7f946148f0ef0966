/**
 * The pipeline's `RunEvents` port as the contract's events (`shared/contracts/agent-pipeline.ts`) on
 * the platform bus: each carries the run's correlation id and tenant.
 */
import { agentCompleted, agentFailed, agentProgress } from "#shared/contracts/agent-pipeline";
import type { EventPublisher } from "#shared/contracts/event-definition";
import type { RunEvents } from "#shared/domain/agents/ports";
import { RUN_STEPS } from "#shared/domain/agents/run";

export function createRunEvents(events: EventPublisher): RunEvents {
  return {
    async progress(tenantId, run, step) {
      await events.publish(
        agentProgress,
        { runId: run.runId, role: run.role, step, percent: RUN_STEPS[step] },
        { correlationId: run.correlationId, tenantId },
      );
    },

    async finished(tenantId, run) {
      const meta = { correlationId: run.correlationId, tenantId };
      if (run.status === "succeeded" && run.contentId && run.model) {
        await events.publish(
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
        await events.publish(
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
        throw new Error(`Run ${run.runId} (${run.status}) has no final event to publish`);
      }
    },
  };
}
