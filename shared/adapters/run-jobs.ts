/**
 * The pipeline's `RunJobs` port as the contract's agent job (`shared/contracts/agent-pipeline.ts`) on
 * the agent's own queue. A run's job is idempotent: its deduplication id is the (tenant, run).
 */
import { agentJob } from "#shared/contracts/agent-pipeline";
import type { JobQueue } from "#shared/contracts/job-definition";
import type { RunJobs } from "#shared/domain/agents/ports";

export function createRunJobs(jobs: JobQueue, queueOf: (role: string) => string): RunJobs {
  return {
    async enqueue(tenantId, run, meta) {
      await jobs.enqueue(
        agentJob(run.role, queueOf(run.role)),
        { runId: run.runId, role: run.role },
        { tenantId, correlationId: meta.correlationId, deduplicationId: `${tenantId}:${run.runId}` },
      );
    },
  };
}
