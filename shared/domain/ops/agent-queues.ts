/**
 * The ops view of the agent job queues: how deep each queue and its DLQ are, what a DLQ holds, and a
 * redrive of a DLQ back to its queue. The admin API and `npm run ops -- dlq …` both run these use
 * cases, over the SQS adapter (`shared/adapters/queue-ops.ts`), so the two cannot disagree.
 */
import { safeParse } from "zod/v4/core";
import { agentJobSchema } from "#shared/contracts/agent-pipeline";
import { NotFoundError } from "#shared/domain/errors";
import { deadLetterQueueName } from "#shared/platform/declaration/naming";

/** How deep a job queue is, and its dead-letter queue. SQS's counts are approximate. */
export interface QueueStatus {
  /** The declared queue name, e.g. `agent-setup`. */
  queue: string;
  /** Messages waiting to be received (`ApproximateNumberOfMessages`). */
  depth: number;
  /** Received and not yet deleted: jobs being worked on (`ApproximateNumberOfMessagesNotVisible`). */
  inFlight: number;
  /** Sent with a delay that has not passed yet (`ApproximateNumberOfMessagesDelayed`). */
  delayed: number;
  /** Messages waiting in the queue's DLQ. */
  dlqDepth: number;
}

/** One message of a dead-letter queue as a peek saw it. Nothing in it was parsed, so nothing threw. */
export interface DeadLetter {
  messageId: string;
  body: string;
  /** The message's string attributes (a job's `job`, `tenantId`, `correlationId`, …). */
  attributes: Readonly<Record<string, string>>;
  /** Receives so far, every peek's included (`ApproximateReceiveCount`). */
  receiveCount: number;
  /** When the job was sent (`SentTimestamp`): moving to a DLQ keeps it. */
  sentAt: Date;
}

/** A message move task (a redrive), as SQS lists it. */
export interface MoveTask {
  status: "RUNNING" | "COMPLETED" | "CANCELLING" | "CANCELLED" | "FAILED";
  /** Only while the task runs: what `CancelMessageMoveTask` takes. */
  taskHandle?: string;
  moved: number;
  /** Counted when the task started; absent until SQS has counted. */
  toMove?: number;
  startedAt?: Date;
  failureReason?: string;
}

export interface Redrive {
  taskHandle: string;
  /** The DLQ's depth read just before the task started: about how many messages it moves. */
  messagesToMove: number;
}

/** The most messages one peek reads (SQS hands out at most 10 a receive). */
export const PEEK_MAX = 50;

/** What the use cases need of SQS, by declared queue name. */
export interface QueueOpsPort {
  queueStatus(queue: string): Promise<QueueStatus>;
  peekDeadLetters(dlq: string, limit: number): Promise<DeadLetter[]>;
  redrive(dlq: string): Promise<Redrive>;
  moveTasks(dlq: string, max?: number): Promise<MoveTask[]>;
}

/** An agent's queue and its DLQ, by declared name. */
export interface AgentQueue {
  role: string;
  queue: string;
  deadLetterQueue: string;
}

/** The queues of the given agent roles: `queueOf(role)` and its `-dlq`. */
export function agentQueuesOf(roles: readonly string[], queueOf: (role: string) => string): AgentQueue[] {
  return roles.map((role) => ({
    role,
    queue: queueOf(role),
    deadLetterQueue: deadLetterQueueName(queueOf(role)),
  }));
}

export interface AgentQueuesDeps {
  queues: QueueOpsPort;
  agents: readonly AgentQueue[];
  /**
   * Why a dead-lettered run failed, when the caller can tell (e.g. the run record's `lastError`).
   * Optional: without it a peek reports what the message carries, and no reason.
   */
  reasonOf?: (tenantId: string, runId: string) => Promise<string | undefined>;
  /** @default () => new Date() */
  now?: () => Date;
}

export interface AgentQueueStatus extends QueueStatus {
  role: string;
  deadLetterQueue: string;
  /** The newest redrive of the DLQ, if any was started (SQS lists tasks for a while after they end). */
  lastRedrive: { status: MoveTask["status"]; moved: number; toMove?: number; startedAt?: string } | null;
}

/** Most of a malformed body a peek shows; a job's body is a few dozen bytes. */
const SHOWN_BODY_CHARS = 2048;

export interface DeadLetterView {
  messageId: string;
  /** From the job's body; null when the body is not an agent job (then `body` shows it). */
  runId: string | null;
  tenantId: string | null;
  correlationId: string | null;
  receiveCount: number;
  sentAt: string;
  /** Seconds since the job was first sent. */
  ageSeconds: number;
  /** Why the run failed, when `reasonOf` knows. */
  reason?: string;
  /** The body as sent (at most 2048 characters), only when it is not a valid agent job. */
  body?: string;
}

export function agentQueueOf(deps: Pick<AgentQueuesDeps, "agents">, role: string): AgentQueue {
  const agent = deps.agents.find((a) => a.role === role);
  if (!agent) {
    throw new NotFoundError(`No agent "${role}"; agents: ${deps.agents.map((a) => a.role).join(", ")}`, {
      code: "QUEUES.UNKNOWN_AGENT",
    });
  }
  return agent;
}

/** Every agent's queue depths, in catalog order. */
export async function agentQueueStatuses(deps: AgentQueuesDeps): Promise<AgentQueueStatus[]> {
  return Promise.all(
    deps.agents.map(async (agent) => {
      const [status, [last]] = await Promise.all([
        deps.queues.queueStatus(agent.queue),
        deps.queues.moveTasks(agent.deadLetterQueue, 1),
      ]);
      return {
        role: agent.role,
        ...status,
        deadLetterQueue: agent.deadLetterQueue,
        lastRedrive: last
          ? {
              status: last.status,
              moved: last.moved,
              ...(last.toMove === undefined ? {} : { toMove: last.toMove }),
              ...(last.startedAt ? { startedAt: last.startedAt.toISOString() } : {}),
            }
          : null,
      };
    }),
  );
}

/**
 * Primary course: read up to `limit` messages of the agent's DLQ without taking them, show what each
 * job carries, and why its run failed when `reasonOf` can tell. A malformed message is shown, raw.
 */
export async function peekAgentDeadLetters(
  deps: AgentQueuesDeps,
  role: string,
  limit: number,
): Promise<{ role: string; deadLetterQueue: string; items: DeadLetterView[] }> {
  const agent = agentQueueOf(deps, role);
  const now = (deps.now ?? (() => new Date()))();
  const letters = await deps.queues.peekDeadLetters(agent.deadLetterQueue, limit);
  const items = await Promise.all(letters.map((letter) => viewOf(deps, letter, now)));
  return { role, deadLetterQueue: agent.deadLetterQueue, items };
}

/** Starts moving every message of the agent's DLQ back to the agent's queue. */
export async function redriveAgentDeadLetters(
  deps: AgentQueuesDeps,
  role: string,
): Promise<{ role: string; queue: string; deadLetterQueue: string } & Redrive> {
  const agent = agentQueueOf(deps, role);
  const redrive = await deps.queues.redrive(agent.deadLetterQueue);
  return { role, queue: agent.queue, deadLetterQueue: agent.deadLetterQueue, ...redrive };
}

async function viewOf(deps: AgentQueuesDeps, letter: DeadLetter, now: Date): Promise<DeadLetterView> {
  const job = parseJob(letter.body);
  // The attribute names every job carries (`JOB_ATTRIBUTES` in shared/adapters/jobs.ts).
  const tenantId = letter.attributes.tenantId ?? null;
  const reason = job && tenantId && deps.reasonOf ? await deps.reasonOf(tenantId, job.runId) : undefined;
  return {
    messageId: letter.messageId,
    runId: job?.runId ?? null,
    tenantId,
    correlationId: letter.attributes.correlationId ?? null,
    receiveCount: letter.receiveCount,
    sentAt: letter.sentAt.toISOString(),
    ageSeconds: Math.max(0, Math.floor((now.getTime() - letter.sentAt.getTime()) / 1000)),
    ...(reason === undefined ? {} : { reason }),
    ...(job ? {} : { body: letter.body.slice(0, SHOWN_BODY_CHARS) }),
  };
}

function parseJob(body: string): { runId: string; role: string } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = safeParse(agentJobSchema, json);
  return parsed.success ? parsed.data : undefined;
}
