/**
 * The pipeline's `RunEvents` port as the contract's events (`shared/contracts/agent-pipeline.ts`) on
 * the platform bus: each carries the run's correlation id and tenant.
 */
import { agentCompleted, agentFailed, agentProgress } from "#shared/contracts/agent-pipeline";
import type { EventPublisher } from "#shared/contracts/event-definition";
import type { RunEvents } from "#shared/domain/agents/ports";
import { RUN_STEPS } from "#shared/domain/agents/run";
import type { ContentEvents } from "#shared/domain/content/events";

/**
 * `content`, when given, also tells of the content a succeeded run wrote (`content.status-changed`),
 * published with the run's own event — at least once, like it.
 */
export function createRunEvents(events: EventPublisher, content?: ContentEvents): RunEvents {
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
        const contentId = run.contentId;
        // Both at once, so they share one PutEvents (see `createEventPublisher`).
        await allPublished([
          events.publish(
            agentCompleted,
            {
              runId: run.runId,
              role: run.role,
              contentId,
              contentType: run.contentType ?? "",
              creditsCharged: run.creditsCharged ?? 0,
              model: run.model,
            },
            meta,
          ),
          content && run.contentType && run.contentStatus && run.contentVersion !== undefined
            ? content.statusChanged(
                tenantId,
                {
                  contentId,
                  type: run.contentType,
                  status: run.contentStatus,
                  latestVersion: run.contentVersion,
                },
                {
                  ...(run.revises ? { from: "generating" as const } : {}),
                  runId: run.runId,
                  correlationId: run.correlationId,
                },
              )
            : undefined,
        ]);
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

/** Waits for every publish; a failure is raised once all have settled (several: all of them). */
async function allPublished(publishing: readonly (Promise<unknown> | undefined)[]): Promise<void> {
  const outcomes = await Promise.allSettled(publishing);
  const errors = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, "Events of a finished run were not published");
}
