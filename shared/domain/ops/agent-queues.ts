/**
 * The ops view of the agent job queues: how deep each queue and its DLQ are, how old their oldest
 * messages are, what a DLQ holds, and a redrive of a DLQ back to its queue. The admin API and
 * `npm run ops -- dlq …` both run these use cases, over the SQS adapter (`shared/adapters/queue-ops.ts`)
 * and the CloudWatch one (`shared/adapters/queue-ages.ts`), so the two cannot disagree.
 */
import { readAgentJobBody } from "#shared/domain/agents/job";
import { UnknownAgentError } from "./errors.ts";

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

/** The states of a message move task, as SQS names them. */
export const MOVE_TASK_STATUSES = ["RUNNING", "COMPLETED", "CANCELLING", "CANCELLED", "FAILED"] as const;

/** A message move task (a redrive), as SQS lists it. */
export interface MoveTask {
  status: (typeof MOVE_TASK_STATUSES)[number];
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

/**
 * The age of each queue's oldest message, by declared queue name, read in one look. SQS publishes it
 * only to CloudWatch (`ApproximateAgeOfOldestMessage`, once a minute), so it lags by a minute or two.
 */
export interface QueueAgesPort {
  /**
   * Seconds, per queue asked for: `null` when there is no recent value ("no data": SQS publishes none
   * for a queue holding no message), which is not 0. Throws when the ages cannot be read at all.
   */
  oldestMessageAges(queues: readonly string[]): Promise<ReadonlyMap<string, number | null>>;
}

/** An agent's queue and its DLQ, by declared name. */
export interface AgentQueue {
  role: string;
  queue: string;
  deadLetterQueue: string;
}

/** The queues of the given agent roles: `queueOf(role)` and its dead-letter queue, `deadLetterOf(queue)`. */
export function agentQueuesOf(
  roles: readonly string[],
  queueOf: (role: string) => string,
  deadLetterOf: (queue: string) => string,
): AgentQueue[] {
  return roles.map((role) => ({ role, queue: queueOf(role), deadLetterQueue: deadLetterOf(queueOf(role)) }));
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
  /**
   * Where the ages of the oldest messages come from, and who hears when they cannot be read (the
   * listing then goes on without them: a CloudWatch outage must not hide the depths).
   * @default none: every age is null and the listing says they were not read
   */
  ages?: { port: QueueAgesPort; onFailure: (error: unknown) => void };
}

export interface AgentQueueStatus extends QueueStatus {
  role: string;
  deadLetterQueue: string;
  /** Seconds the queue's oldest message has waited, visible or in flight; null when unknown. */
  oldestMessageAgeSeconds: number | null;
  /** Seconds the DLQ's oldest dead letter has been there (since it was moved, on AWS); null when unknown. */
  dlqOldestMessageAgeSeconds: number | null;
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
    throw new UnknownAgentError(`No agent "${role}"; agents: ${deps.agents.map((a) => a.role).join(", ")}`);
  }
  return agent;
}

/** The warning of a listing whose ages are null because they were not read, not for want of data. */
export const AGES_UNAVAILABLE = "QUEUES.AGES_UNAVAILABLE";

/** Something the listing could not tell, though it answered. */
export interface QueueListingWarning {
  code: typeof AGES_UNAVAILABLE;
  message: string;
}

export interface AgentQueueListing {
  items: AgentQueueStatus[];
  warnings: QueueListingWarning[];
}

/**
 * Primary course: every agent's queue and DLQ depths, in catalog order, with the ages of their oldest
 * messages from one CloudWatch read. When the ages cannot be read, the depths still answer: the ages
 * are null, `onFailure` hears why, and a warning says so.
 */
export async function agentQueueStatuses(deps: AgentQueuesDeps): Promise<AgentQueueListing> {
  const [statuses, { ages, warnings }] = await Promise.all([
    Promise.all(deps.agents.map((agent) => statusOf(deps, agent))),
    oldestMessageAges(deps),
  ]);
  const ageOf = (queue: string) => ages.get(queue) ?? null;
  return {
    items: statuses.map(({ deadLetterQueue, lastRedrive, ...status }) => ({
      ...status,
      deadLetterQueue,
      oldestMessageAgeSeconds: ageOf(status.queue),
      dlqOldestMessageAgeSeconds: ageOf(deadLetterQueue),
      lastRedrive,
    })),
    warnings,
  };
}

async function statusOf(deps: AgentQueuesDeps, agent: AgentQueue) {
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
}

async function oldestMessageAges(
  deps: AgentQueuesDeps,
): Promise<{ ages: ReadonlyMap<string, number | null>; warnings: QueueListingWarning[] }> {
  if (!deps.ages) {
    return {
      ages: new Map(),
      warnings: [{ code: AGES_UNAVAILABLE, message: "The ages of the oldest messages are not read here." }],
    };
  }
  try {
    const queues = deps.agents.flatMap((agent) => [agent.queue, agent.deadLetterQueue]);
    return { ages: await deps.ages.port.oldestMessageAges(queues), warnings: [] };
  } catch (error) {
    deps.ages.onFailure(error);
    return {
      ages: new Map(),
      warnings: [
        {
          code: AGES_UNAVAILABLE,
          message:
            "The ages of the oldest messages could not be read from CloudWatch; the depths are current.",
        },
      ],
    };
  }
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
  const read = readAgentJobBody(letter.body);
  const job = read.ok ? read.job : undefined;
  // The attribute names every job carries (`JOB_ATTRIBUTES` in shared/contracts/job-definition.ts).
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
