/**
 * The failure path of the pipeline. A job that exhausted its deliveries sits in its agent's DLQ; the
 * sweep peeks at each DLQ (the messages stay, visible again at once, for ops to inspect and redrive),
 * finds each job's run and fails it with the reason: credits released, `agent.failed` published, a
 * metric counted. It is idempotent: a run already failed (or finished, or held by a live worker) is
 * left alone.
 */
import { JOB_ATTRIBUTES } from "#shared/contracts/job-definition";
import { type FailRunDeps, failRun } from "#shared/domain/agents/fail-run";
import { type AgentJob, readAgentJob } from "#shared/domain/agents/job";
import type { RunLog } from "#shared/domain/agents/ports";
import type { DeadLetter, QueueOpsPort } from "#shared/domain/ops/agent-queues";
import { PEEK_MAX } from "#shared/domain/ops/agent-queues";

export interface SweepDeps extends FailRunDeps {
  logger: RunLog;
  queues: Pick<QueueOpsPort, "peekDeadLetters">;
  /** The DLQs to sweep, by declared name. */
  deadLetterQueues: readonly string[];
}

export interface SweepReport {
  seen: number;
  failed: number;
  unreadable: number;
}

export async function sweepDeadLetters(deps: SweepDeps): Promise<SweepReport> {
  const report: SweepReport = { seen: 0, failed: 0, unreadable: 0 };
  for (const dlq of deps.deadLetterQueues) {
    for (const letter of await deps.queues.peekDeadLetters(dlq, PEEK_MAX)) {
      report.seen += 1;
      const outcome = await handleDeadLetter(deps, letter);
      if (outcome === "failed") report.failed += 1;
      if (outcome === "unreadable") report.unreadable += 1;
    }
  }
  return report;
}

async function handleDeadLetter(
  deps: SweepDeps,
  letter: DeadLetter,
): Promise<"failed" | "unchanged" | "unreadable"> {
  const correlationId = letter.attributes[JOB_ATTRIBUTES.correlationId];
  const log = deps.logger.createChild({ persistentKeys: { correlationId, messageId: letter.messageId } });
  const job = parseDeadLetter(letter);
  if (!job) {
    log.error("A dead letter names no run; it stays in the DLQ for ops");
    deps.count("RejectedJobs");
    return "unreadable";
  }
  const run = await deps.runs.get(job.tenantId, job.runId);
  if (!run) {
    log.error("A dead letter's run does not exist", { tenantId: job.tenantId, runId: job.runId });
    deps.count("RejectedJobs", job.role);
    return "unreadable";
  }
  if (run.status === "succeeded" || run.status === "failed") return "unchanged";
  const failed = await failRun(deps, job.tenantId, {
    run,
    failure: {
      kind: "dead-lettered",
      reason: `Gave up after the job's deliveries were exhausted (DLQ receive count ${letter.receiveCount}); last error: ${run.lastError ?? "none recorded (the worker may have been killed or timed out)"}`,
    },
  });
  if (failed)
    log.warn("Failed a dead-lettered run and released its credits", {
      tenantId: job.tenantId,
      runId: run.runId,
    });
  return failed ? "failed" : "unchanged";
}

function parseDeadLetter(letter: DeadLetter): AgentJob | undefined {
  // Not JSON, not a job, or no valid tenant attribute: the caller reports it as unreadable.
  const read = readAgentJob(letter.body, letter.attributes[JOB_ATTRIBUTES.tenantId]);
  return read.ok ? read.job : undefined;
}
