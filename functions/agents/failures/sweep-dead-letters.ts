/**
 * The failure path of the pipeline. A job that exhausted its deliveries sits in its agent's DLQ; the
 * sweep finds its run, fails it with the reason (credits released, `agent.failed` published, a metric
 * counted) and leaves the message where it is, so ops can inspect and redrive it. The sweep is
 * idempotent: a run already failed (or finished, or held by a live worker) is left alone.
 */

import type { Logger } from "@aws-lambda-powertools/logger";
import {
  ChangeMessageVisibilityBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { safeParse } from "zod/v4/core";
import type { RunStore } from "#shared/adapters/dynamodb/agent-runs";
import type { EventPublisher } from "#shared/adapters/events";
import { JOB_ATTRIBUTES } from "#shared/adapters/jobs";
import { agentJobSchema } from "#shared/contracts/agent-pipeline";
import { parseTenantId } from "#shared/platform/tenant-id";
import { failRun, type RunnerDeps } from "../runner/process-run.ts";

export interface SweepDeps {
  sqs: SQSClient;
  runs: RunStore;
  events: EventPublisher;
  logger: Logger;
  count: RunnerDeps["count"];
  /** The DLQs to sweep, by URL. */
  deadLetterQueues: readonly string[];
  /** Messages looked at per DLQ per sweep. @default 100 */
  maxPerQueue?: number;
}

export interface SweepReport {
  seen: number;
  failed: number;
  unreadable: number;
}

export async function sweepDeadLetters(deps: SweepDeps): Promise<SweepReport> {
  const report: SweepReport = { seen: 0, failed: 0, unreadable: 0 };
  for (const queueUrl of deps.deadLetterQueues) {
    const seen = new Set<string>();
    const max = deps.maxPerQueue ?? 100;
    while (seen.size < max) {
      const received = await deps.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          // Long enough to handle the batch; given back at once below.
          VisibilityTimeout: 30,
          WaitTimeSeconds: 0,
          MessageAttributeNames: ["All"],
          MessageSystemAttributeNames: ["ApproximateReceiveCount"],
        }),
      );
      const batch = received.Messages ?? [];
      const fresh = batch.filter((m) => m.MessageId && !seen.has(m.MessageId));
      try {
        for (const message of fresh) {
          seen.add(message.MessageId as string);
          report.seen += 1;
          const outcome = await handleDeadLetter(deps, message);
          if (outcome === "failed") report.failed += 1;
          if (outcome === "unreadable") report.unreadable += 1;
        }
      } finally {
        // Visible again at once, those seen before included: the DLQ keeps them for ops (peek, redrive).
        if (batch.length > 0) {
          await deps.sqs.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: queueUrl,
              Entries: batch.map((m, i) => ({
                Id: String(i),
                ReceiptHandle: m.ReceiptHandle,
                VisibilityTimeout: 0,
              })),
            }),
          );
        }
      }
      if (fresh.length === 0) break;
    }
  }
  return report;
}

async function handleDeadLetter(
  deps: SweepDeps,
  message: Message,
): Promise<"failed" | "unchanged" | "unreadable"> {
  const correlationId = message.MessageAttributes?.[JOB_ATTRIBUTES.correlationId]?.StringValue;
  const log = deps.logger.createChild({ persistentKeys: { correlationId, messageId: message.MessageId } });
  let job: { runId: string; role: string } | undefined;
  try {
    const parsed = safeParse(agentJobSchema, JSON.parse(message.Body ?? ""));
    if (parsed.success) job = parsed.data;
  } catch (error) {
    log.error("A dead letter's body is not JSON", { error });
  }
  const rawTenant = message.MessageAttributes?.[JOB_ATTRIBUTES.tenantId]?.StringValue;
  if (!job || rawTenant === undefined) {
    log.error("A dead letter names no run; it stays in the DLQ for ops");
    deps.count("RejectedJobs");
    return "unreadable";
  }
  const tenantId = parseTenantId(rawTenant);
  const run = await deps.runs.get(tenantId, job.runId);
  if (!run) {
    log.error("A dead letter's run does not exist", { tenantId, runId: job.runId });
    deps.count("RejectedJobs", job.role);
    return "unreadable";
  }
  if (run.status === "succeeded" || run.status === "failed") return "unchanged";
  const receives = message.Attributes?.ApproximateReceiveCount ?? "?";
  const failed = await failRun(deps, tenantId, run, {
    kind: "dead-lettered",
    reason: `Gave up after the job's deliveries were exhausted (DLQ receive count ${receives}); last error: ${run.lastError ?? "none recorded (the worker may have been killed or timed out)"}`,
  });
  if (failed) log.warn("Failed a dead-lettered run and released its credits", { tenantId, runId: run.runId });
  return failed ? "failed" : "unchanged";
}
