/**
 * ECS task scale-in protection for a container consumer: the task is protected while it holds a job,
 * so neither a scale-in nor a deployment stops it mid-job, and unprotected when idle, so it can be.
 * It talks to the ECS agent's endpoint (`$ECS_AGENT_URI/task-protection/v1/state`), which signs the
 * `UpdateTaskProtection` call with the task role; the local cloud serves the same endpoint.
 */
import type { ConsumerLog } from "./consumer.ts";

/** The longest protection ECS grants in one request (48 hours). */
export const MAX_PROTECTION_MINUTES = 2880;

/** What a job tells the protection about itself, for the logs of a change it caused. */
export interface HoldContext {
  correlationId?: string | undefined;
  messageId?: string | undefined;
}

/** One job's claim on the protection; `release()` when the job has ended (idempotent). */
export interface ProtectionHold {
  release(): void;
}

export interface TaskProtection {
  /**
   * Resolves once the task is protected for at least the longest a job may run, or once the attempt
   * failed (logged and counted; the job goes ahead unprotected rather than stall the queue).
   */
  hold(context: HoldContext): Promise<ProtectionHold>;
  /** Whether protection is on as far as this task knows (the last answer of the endpoint). */
  readonly enabled: boolean;
  /** Stops the timers; protection left on lapses at its expiry. */
  close(): void;
}

export interface TaskProtectionOptions {
  /** `ECS_AGENT_URI`: absent outside ECS (and the local cloud), which turns protection off. */
  agentUri: string | undefined;
  /** Longest one job may run (`CONSUMER_JOB_TIMEOUT_SECONDS`): protection covers at least this. */
  jobTimeoutSeconds: number;
  /**
   * How long the task stays protected after its last job ended before protection is turned off, so a
   * steady stream of jobs does not flip it on and off between two jobs.
   * @default 2000
   */
  idleMs?: number;
  /**
   * How long one request to the agent may take before it counts as failed.
   * @default 5000
   */
  requestTimeoutMs?: number;
  /** Counts a failed change of protection (a metric ops alarm on). */
  countFailure(): void;
  log: ConsumerLog;
}

/** What the agent endpoint answers, 200 or not: `protection`, a `failure`, or an `error`. */
interface AgentAnswer {
  protection?: { ProtectionEnabled?: boolean; ExpirationDate?: string | null; TaskArn?: string };
  failure?: { Arn?: string; Reason?: string; Detail?: string | null };
  error?: { Arn?: string; Code?: string; Message?: string };
  requestID?: string;
}

/** A request to the agent that did not change the protection as asked. */
export class TaskProtectionError extends Error {
  readonly code = "QUEUE.TASK_PROTECTION_FAILED";
  constructor(
    message: string,
    readonly detail: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "TaskProtectionError";
  }
}

/**
 * `ExpiresInMinutes` for a consumer whose jobs run up to `jobTimeoutSeconds`: twice the timeout, so
 * a renewal halfway through always lands while a job that started just before it is still covered, at
 * least 1 minute and at most ECS's 2880. A hung task stays protected at most this long after its last
 * renewal, and renewals stop once every job it holds has overrun its timeout.
 */
export function protectionMinutes(jobTimeoutSeconds: number): number {
  return Math.min(MAX_PROTECTION_MINUTES, Math.max(1, Math.ceil((2 * jobTimeoutSeconds) / 60)));
}

/**
 * Task scale-in protection driven by the jobs a consumer holds. The first job turns it on (the job
 * waits for the answer); later jobs change nothing while the protection already covers them (no
 * request per job); it is renewed halfway to its expiry while a job within its timeout runs, and
 * turned off once no job has been held for `idleMs`, or once every job held has overrun its timeout
 * (a hung handler must not keep a task from scaling in forever). Requests go out one at a time, so an
 * "off" never overtakes an "on". A failed request is logged with the job's correlation id and
 * counted; the job still runs. Without `agentUri` nothing is requested and that is said once.
 */
export function createTaskProtection(options: TaskProtectionOptions): TaskProtection {
  const { log, agentUri } = options;
  if (agentUri === undefined || agentUri === "") {
    log.info("task scale-in protection is off: ECS_AGENT_URI is not set (not running on ECS)");
    const none: ProtectionHold = { release: () => undefined };
    return { hold: async () => none, enabled: false, close: () => undefined };
  }
  const url = `${agentUri.replace(/\/$/, "")}/task-protection/v1/state`;
  const minutes = protectionMinutes(options.jobTimeoutSeconds);
  const windowMs = minutes * 60_000;
  const jobMs = options.jobTimeoutSeconds * 1000;
  const idleMs = options.idleMs ?? 2000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 5000;

  const holds = new Map<ProtectionHold, { since: number; context: HoldContext }>();
  let enabled = false;
  /** Until when the protection is known to last (ms since the epoch); 0 when off. */
  let until = 0;
  let queue: Promise<void> = Promise.resolve();
  let idleTimer: NodeJS.Timeout | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  /** The expiry the renewal timer was set for: a job covered by the same protection leaves it be. */
  let renewalFor = 0;
  let closed = false;

  /** Holds whose job is still within its timeout: only they justify protection. */
  const current = (now: number) => [...holds.values()].filter((h) => now - h.since < jobMs);

  const send = async (on: boolean, context: HoldContext): Promise<void> => {
    const body = on ? { ProtectionEnabled: true, ExpiresInMinutes: minutes } : { ProtectionEnabled: false };
    const sentAt = Date.now();
    try {
      const response = await fetch(url, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      const text = await response.text();
      let answer: AgentAnswer;
      try {
        answer = JSON.parse(text) as AgentAnswer;
      } catch (cause) {
        throw new TaskProtectionError(
          "the agent's answer is not JSON",
          { status: response.status },
          { cause },
        );
      }
      // A 200 can carry a `failure` (e.g. TASK_NOT_VALID for a task outside a service) instead of
      // `protection`: only `protection` in the state asked for counts as done.
      if (!response.ok || answer.protection?.ProtectionEnabled !== on) {
        throw new TaskProtectionError(`the agent did not turn protection ${on ? "on" : "off"}`, {
          status: response.status,
          failure: answer.failure,
          agentError: answer.error,
          requestId: answer.requestID,
        });
      }
      enabled = on;
      const expiry = answer.protection.ExpirationDate ? Date.parse(answer.protection.ExpirationDate) : NaN;
      until = on ? (Number.isNaN(expiry) ? sentAt + windowMs : expiry) : 0;
      log.info(on ? "task protection on" : "task protection off", {
        ...context,
        ...(on ? { expiresInMinutes: minutes, expirationDate: new Date(until).toISOString() } : {}),
      });
    } catch (error) {
      options.countFailure();
      // What the agent answered goes in fields of its own: a logger formats an error without them.
      const answered = error instanceof TaskProtectionError ? error.detail : {};
      log.error(`could not turn task protection ${on ? "on" : "off"}`, { ...context, ...answered, error });
    }
  };

  const enqueue = (step: () => Promise<void>): Promise<void> => {
    queue = queue.then(step);
    return queue;
  };

  const scheduleRenewal = () => {
    if (enabled && until <= Date.now()) {
      // Lapsed, as ECS lets it lapse at its expiry.
      enabled = false;
      until = 0;
    }
    if (enabled && until === renewalFor) return;
    clearTimeout(renewTimer);
    renewalFor = enabled ? until : 0;
    if (!enabled || closed) return;
    // Halfway to the expiry, never in a tight loop.
    renewTimer = setTimeout(() => void renew(), Math.max(250, (until - Date.now()) / 2));
    renewTimer.unref();
  };

  const renew = () =>
    enqueue(async () => {
      renewalFor = 0;
      const live = current(Date.now());
      if (live.length > 0) {
        await send(true, live[0]?.context ?? {});
      } else if (enabled) {
        // No job within its timeout: a hung handler must not keep the task protected, and an "off"
        // that failed earlier is tried again.
        const overrun = [...holds.values()].map((h) => h.context);
        if (overrun.length > 0) {
          log.warn("every job this task holds overran its timeout: task protection is turned off", {
            overrun,
          });
        }
        await send(false, overrun[0] ?? {});
      }
    }).then(scheduleRenewal);

  const relax = (context: HoldContext) =>
    enqueue(async () => {
      if (holds.size === 0 && enabled) await send(false, context);
    }).then(scheduleRenewal);

  const release = (hold: ProtectionHold) => {
    const entry = holds.get(hold);
    if (entry === undefined) return;
    holds.delete(hold);
    if (holds.size > 0 || closed) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => void relax(entry.context), idleMs);
    idleTimer.unref();
  };

  return {
    get enabled() {
      return enabled;
    },
    async hold(context) {
      clearTimeout(idleTimer);
      const hold: ProtectionHold = { release: () => release(hold) };
      holds.set(hold, { since: Date.now(), context });
      await enqueue(async () => {
        // Covered already (by the request another job of this batch made, say): nothing to send.
        if (enabled && until - Date.now() >= jobMs) return;
        await send(true, context);
      }).then(scheduleRenewal);
      return hold;
    },
    close() {
      closed = true;
      clearTimeout(idleTimer);
      clearTimeout(renewTimer);
    },
  };
}
