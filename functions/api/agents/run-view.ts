import type { Run } from "#shared/domain/agents/run";

/** What a tenant sees of a run: never the worker's lease or internal bookkeeping. */
export function runView(run: Run) {
  return {
    runId: run.runId,
    role: run.role,
    status: run.status,
    input: run.input,
    attempts: run.attempts,
    timings: {
      queuedAt: run.queuedAt,
      ...(run.startedAt ? { startedAt: run.startedAt } : {}),
      ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
      ...(run.durationMs === undefined ? {} : { durationMs: run.durationMs }),
    },
    credits: {
      reserved: run.creditsReserved,
      ...(run.creditsCharged === undefined ? {} : { charged: run.creditsCharged }),
    },
    ...(run.model ? { model: run.model } : {}),
    ...(run.usage ? { usage: run.usage } : {}),
    ...(run.costUsd === undefined ? {} : { costUsd: run.costUsd }),
    ...(run.contentId ? { contentId: run.contentId, contentType: run.contentType } : {}),
    ...(run.brandVersion === undefined ? {} : { brandVersion: run.brandVersion }),
    ...(run.sources === undefined ? {} : { sources: run.sources }),
    ...(run.failure ? { failure: run.failure } : {}),
    ...(run.status === "queued" && run.lastError ? { lastError: run.lastError } : {}),
  };
}
