/**
 * `npm run ops -- dlq list | peek <role> [--limit N] | redrive <role> --stage <stage>`: the agent job
 * queues and their DLQs, through the same use cases and SQS adapter as the admin API. The output is
 * built by the `format…` functions below, which print nothing themselves (so tests read it).
 */
import { GetQueueUrlCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { createQueueAges, type GetMetricData } from "#shared/adapters/queue-ages";
import { createQueueOps } from "#shared/adapters/queue-ops";
import { AGENT_ROLES } from "#shared/domain/agents/roster";
import {
  AGES_UNAVAILABLE,
  type AgentQueueListing,
  type AgentQueuesDeps,
  agentQueueStatuses,
  agentQueuesOf,
  type DeadLetterView,
  PEEK_MAX,
  peekAgentDeadLetters,
  redriveAgentDeadLetters,
} from "#shared/domain/ops/agent-queues";
import { agentQueueName } from "#shared/platform/declaration/agent-workers";
import { deadLetterQueueName, resourceName } from "#shared/platform/declaration/naming";

export const DLQ_USAGE = `dlq list                         every agent queue: depth, in flight, delayed, oldest message's age,
                                   DLQ depth and oldest dead letter's age, last redrive
  dlq peek <role> [--limit N]      up to N (default 10, at most ${PEEK_MAX}) jobs of an agent's DLQ, left in place
  dlq redrive <role>               move every job of an agent's DLQ back to the agent's queue`;

/**
 * The use cases' dependencies for one stage: queue URLs are looked up by their deployed names
 * (`<app>-<stage>-<queue>`), as the other ops commands find their table and secrets. The ages of the
 * oldest messages come from CloudWatch through `getMetricData`; without it they are not read.
 */
export function dlqDeps(
  client: SQSClient,
  app: string,
  stage: string,
  getMetricData?: GetMetricData,
): AgentQueuesDeps {
  const urls = new Map<string, Promise<string>>();
  const queueUrl = (queue: string): Promise<string> => {
    let url = urls.get(queue);
    if (url === undefined) {
      const QueueName = resourceName(app, stage, queue);
      url = client.send(new GetQueueUrlCommand({ QueueName })).then(({ QueueUrl }) => {
        if (!QueueUrl) throw new Error(`SQS answered no URL for ${QueueName}`);
        return QueueUrl;
      });
      urls.set(queue, url);
    }
    return url;
  };
  return {
    queues: createQueueOps({ client, queueUrl }),
    agents: agentQueuesOf(AGENT_ROLES, agentQueueName, deadLetterQueueName),
    ...(getMetricData && {
      ages: {
        port: createQueueAges({ getMetricData, queueUrl }),
        // The listing says the ages are unknown; the operator also gets why, apart from the table.
        onFailure: (error: unknown) => console.error("CloudWatch GetMetricData failed:", error),
      },
    }),
  };
}

export type DlqCommand =
  | { action: "list" }
  | { action: "peek"; role: string; limit: number }
  | { action: "redrive"; role: string };

export class DlqUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DlqUsageError";
  }
}

/** Reads `dlq <action> [role]` and `--limit`. */
export function parseDlqCommand(args: readonly string[], limit: string | undefined): DlqCommand {
  const [action, role, ...rest] = args;
  if (rest.length > 0) throw new DlqUsageError(`unexpected arguments: ${rest.join(" ")}`);
  if (action === "list" && role === undefined) return { action };
  if ((action === "peek" || action === "redrive") && role !== undefined) {
    if (action === "redrive") return { action, role };
    const n = limit === undefined ? 10 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > PEEK_MAX) {
      throw new DlqUsageError(`--limit must be a whole number from 1 to ${PEEK_MAX}`);
    }
    return { action, role, limit: n };
  }
  throw new DlqUsageError(`usage: ${DLQ_USAGE}`);
}

/** Runs a parsed command and answers the text to print. */
export async function runDlqCommand(deps: AgentQueuesDeps, command: DlqCommand): Promise<string> {
  switch (command.action) {
    case "list":
      return formatQueueStatuses(await agentQueueStatuses(deps));
    case "peek":
      return formatDeadLetters(await peekAgentDeadLetters(deps, command.role, command.limit));
    case "redrive":
      return formatRedrive(await redriveAgentDeadLetters(deps, command.role));
  }
}

/**
 * One row per agent, aligned columns, then the listing's warnings. An age is `-` when CloudWatch has
 * no datapoint (an empty queue) and `?` when the ages could not be read.
 */
export function formatQueueStatuses(listing: AgentQueueListing): string {
  const unread = listing.warnings.some((w) => w.code === AGES_UNAVAILABLE);
  const age = (seconds: number | null) => (seconds === null ? (unread ? "?" : "-") : formatAge(seconds));
  const rows = [
    ["ROLE", "QUEUE", "DEPTH", "IN FLIGHT", "DELAYED", "OLDEST", "DLQ", "DLQ OLDEST", "LAST REDRIVE"],
    ...listing.items.map((q) => [
      q.role,
      q.queue,
      String(q.depth),
      String(q.inFlight),
      String(q.delayed),
      age(q.oldestMessageAgeSeconds),
      String(q.dlqDepth),
      age(q.dlqOldestMessageAgeSeconds),
      q.lastRedrive
        ? `${q.lastRedrive.status} ${q.lastRedrive.moved}/${q.lastRedrive.toMove ?? "?"}${q.lastRedrive.startedAt ? ` ${q.lastRedrive.startedAt}` : ""}`
        : "-",
    ]),
  ];
  return [table(rows), ...listing.warnings.map((w) => `warning: ${w.message}`)].join("\n");
}

/** A DLQ's peeked jobs, one block each; a malformed body is shown as it is. */
export function formatDeadLetters(peek: {
  role: string;
  deadLetterQueue: string;
  items: readonly DeadLetterView[];
}): string {
  if (peek.items.length === 0) return `${peek.deadLetterQueue}: empty (nothing to redrive)`;
  const blocks = peek.items.map((item) =>
    [
      `message ${item.messageId}`,
      `  run          ${item.runId ?? "(not an agent job)"}`,
      `  tenant       ${item.tenantId ?? "-"}`,
      `  correlation  ${item.correlationId ?? "-"}`,
      `  receives     ${item.receiveCount}`,
      `  sent         ${item.sentAt} (${formatAge(item.ageSeconds)} ago)`,
      ...(item.reason === undefined ? [] : [`  reason       ${item.reason}`]),
      ...(item.body === undefined ? [] : [`  body         ${item.body}`]),
    ].join("\n"),
  );
  return [`${peek.deadLetterQueue}: ${peek.items.length} job(s) shown, left in place`, ...blocks].join(
    "\n\n",
  );
}

export function formatRedrive(redrive: {
  role: string;
  queue: string;
  deadLetterQueue: string;
  taskHandle: string;
  messagesToMove: number;
}): string {
  return [
    `redrive of ${redrive.deadLetterQueue} → ${redrive.queue} started: about ${redrive.messagesToMove} job(s) to move`,
    `task ${redrive.taskHandle}`,
    "follow it with: npm run ops -- dlq list",
  ].join("\n");
}

/** `93` → `1m 33s`; `90061` → `1d 1h`. */
export function formatAge(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
