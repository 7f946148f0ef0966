/**
 * The local scheduler. The CDK app deploys each declared schedule as an EventBridge Scheduler schedule
 * (`aws-scheduler` `Schedule` with a `LambdaInvoke` target, no input, UTC, no flexible window;
 * `infra/lib/constructs/event-targets.ts`); this module plays that here, firing each schedule at the
 * times its expression gives (`schedule-expression.ts`).
 *
 * What a schedule delivers: a LambdaInvoke target with no `Input` gets EventBridge Scheduler's default
 * notification (the Scheduler API reference: "If you do not specify anything for this field,
 * EventBridge Scheduler delivers a default notification to the target"), an event envelope with
 * `source` `aws.scheduler`, `detail-type` `Scheduled Event`, the schedule's ARN in `resources`, the
 * scheduled time in `time`, and `detail` the *string* `"{}"` (not an object; what deployed functions
 * receive, as handlers in the wild and Powertools' parser account for). Scheduler invokes Lambda
 * asynchronously, so delivery, retries and dead letters follow Lambda's asynchronous invocation, as
 * for event rules (`async-invoker.ts`).
 */
import { randomUUID } from "node:crypto";
import type { LocalFunction } from "./lambda-runtime.ts";
import { describeError, type Log } from "./log.ts";
import { nextFireTime, parseScheduleExpression } from "./schedule-expression.ts";

/** A declared schedule as the local scheduler runs it. */
export interface LocalSchedule {
  /** The declared name. */
  name: string;
  expression: string;
  /** Its deployed name (the CDK names the schedule like its function: `<app>-<stage>-schedule-<name>`). */
  scheduleName: string;
  fn: LocalFunction;
}

/** What EventBridge Scheduler delivers to a LambdaInvoke target without input. */
export interface SchedulerEvent {
  version: "0";
  id: string;
  "detail-type": "Scheduled Event";
  source: "aws.scheduler";
  account: string;
  time: string;
  region: string;
  resources: [string];
  detail: "{}";
}

/** Hands an event to a function the way Lambda's asynchronous invocation does; settles when done. */
export type Deliver = (
  fn: LocalFunction,
  event: unknown,
  onDeliveryFailure: (error: unknown) => Promise<void>,
) => Promise<void>;

export interface LocalSchedulesOptions {
  schedules: readonly LocalSchedule[];
  region: string;
  account: string;
  deliver: Deliver;
  /** Sends a Scheduler dead-letter event (body and message attributes) to the schedules' DLQ. */
  deadLetter(body: string, attributes: Record<string, string>): Promise<void>;
  log: Log;
  /** @default () => new Date() */
  now?: () => Date;
}

/** Longest `setTimeout` delay; a later fire time waits in steps. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Fires each schedule at its times (from `start()` on) and on demand (`fireNow`), delivering
 * EventBridge Scheduler's default notification through `deliver`.
 */
export class LocalSchedules {
  private readonly byName: ReadonlyMap<string, LocalSchedule>;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly now: () => Date;
  private started: Date | undefined;

  constructor(private readonly options: LocalSchedulesOptions) {
    for (const schedule of options.schedules) {
      try {
        parseScheduleExpression(schedule.expression);
      } catch (error) {
        throw new Error(`schedule "${schedule.name}": ${describeError(error)}`, { cause: error });
      }
    }
    this.byName = new Map(options.schedules.map((s) => [s.name, s]));
    this.now = options.now ?? (() => new Date());
  }

  /** The ARN Scheduler gives a schedule of the default group. */
  scheduleArn(schedule: LocalSchedule): string {
    return `arn:aws:scheduler:${this.options.region}:${this.options.account}:schedule/default/${schedule.scheduleName}`;
  }

  /** The event an occurrence scheduled at `time` delivers. */
  eventFor(schedule: LocalSchedule, time: Date): SchedulerEvent {
    return {
      version: "0",
      id: randomUUID(),
      "detail-type": "Scheduled Event",
      source: "aws.scheduler",
      account: this.options.account,
      time: time.toISOString().replace(/\.\d{3}Z$/, "Z"),
      region: this.options.region,
      resources: [this.scheduleArn(schedule)],
      detail: "{}",
    };
  }

  start(): void {
    if (this.started) return;
    this.started = this.now();
    for (const schedule of this.options.schedules) this.arm(schedule, this.started);
  }

  stop(): void {
    this.started = undefined;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Runs one occurrence of `name` now; resolves when its delivery (retries, dead letter) has settled. */
  async fireNow(name: string): Promise<void> {
    const schedule = this.byName.get(name);
    if (schedule === undefined) {
      throw new Error(
        `no schedule named "${name}" (declared: ${[...this.byName.keys()].join(", ") || "none"})`,
      );
    }
    await this.fire(schedule, this.now());
  }

  private arm(schedule: LocalSchedule, after: Date): void {
    const started = this.started;
    if (started === undefined) return;
    const next = nextFireTime(schedule.expression, after, started);
    if (next === undefined) {
      this.options.log("info", `schedule ${schedule.name}: ${schedule.expression} fires no more`);
      return;
    }
    const wait = next.getTime() - this.now().getTime();
    const timer = setTimeout(
      () => {
        if (wait > MAX_TIMER_MS) {
          this.arm(schedule, after);
          return;
        }
        this.arm(schedule, next);
        this.fire(schedule, next).catch((error: unknown) =>
          this.options.log("error", `schedule ${schedule.name}: ${describeError(error)}`, error),
        );
      },
      Math.min(Math.max(wait, 0), MAX_TIMER_MS),
    );
    timer.unref();
    this.timers.set(schedule.name, timer);
  }

  private async fire(schedule: LocalSchedule, time: Date): Promise<void> {
    const event = this.eventFor(schedule, time);
    this.options.log("debug", `schedule ${schedule.name} fires (${event.time}) → ${schedule.fn.name}`);
    await this.options.deliver(schedule.fn, event, (error) =>
      // Scheduler could not invoke the function at all (not a function error: those follow Lambda's
      // asynchronous retries). It dead-letters the event with these attributes (Scheduler user guide,
      // "Configuring a dead-letter queue").
      this.options.deadLetter(JSON.stringify(event), {
        ERROR_CODE: "SDK_CLIENT_ERROR",
        ERROR_MESSAGE: describeError(error),
        EXECUTION_ID: randomUUID(),
        IS_PAYLOAD_TRUNCATED: "false",
        RETRY_ATTEMPTS: "0",
        SCHEDULED_TIME: event.time,
        SCHEDULE_ARN: this.scheduleArn(schedule),
        TARGET_ARN: `arn:aws:lambda:${this.options.region}:${this.options.account}:function:${schedule.fn.name}`,
      }),
    );
  }
}
