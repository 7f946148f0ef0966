/**
 * The declared event rules and schedules, played locally as `infra/lib/constructs/event-targets.ts`
 * wires them in AWS:
 *
 * - A rule (on the platform bus) whose pattern matches an accepted event sends that event, exactly as
 *   EventBridge delivers it (the `BusEvent` envelope), to its Lambda target. EventBridge invokes
 *   Lambda asynchronously: PutEvents has answered before the function runs.
 * - A schedule (EventBridge Scheduler, `schedules.ts`) invokes its Lambda target asynchronously too.
 * - Both targets are `PlatformFunction`s with `invocation: { kind: "async", onFailure: events DLQ }`,
 *   i.e. Lambda's asynchronous invocation config: 2 retries, maximum event age 6 hours, and an SQS
 *   on-failure destination. A function error (thrown, timed out, crashed) is Lambda's to retry: the
 *   Lambda guide says it "attempts to run it two more times, with a one-minute wait between the first
 *   two attempts, and two minutes between the second and third". After the last failure Lambda sends
 *   an invocation record (version 1.0, `requestContext.condition` `RetriesExhausted`,
 *   `approximateInvokeCount`, `requestPayload` = the event, `responseContext.functionError`,
 *   `responsePayload` = the error) as the SQS message body to the destination: the events DLQ.
 * - The rule target's and schedule's own retry policy (`retryAttempts: 3`, `maxEventAge: 2 h`) and
 *   dead-letter queue apply only when EventBridge or Scheduler cannot hand the event to Lambda at all
 *   (throttling, permissions, a missing function). Locally that happens only when the runtime refuses
 *   the invocation; such an event goes straight to the events DLQ with the attributes EventBridge
 *   (RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, RETRY_ATTEMPTS) or Scheduler puts on its dead
 *   letters, as AWS does for errors it does not retry.
 *
 * Locally the retry delays default to 1 s and 2 s (`LOCAL_RETRY_DELAYS_MS`) instead of 1 and 2 minutes.
 * Nothing is swallowed: every failed attempt, every dead letter and every event the DLQ could not take
 * is logged.
 */
import { randomUUID } from "node:crypto";
import { SendMessageCommand, SQSClient, type SQSClientConfig } from "@aws-sdk/client-sqs";
import { EVENTS_DLQ } from "#infra/lib/naming";
import { functionIds } from "#shared/platform/declaration/functions";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { compileEventPattern } from "./event-pattern.ts";
import type { LocalEventBridge, RecordedEvent } from "./eventbridge.ts";
import type { InvokeResult, LambdaRuntime, LocalFunction } from "./lambda-runtime.ts";
import { describeError, type Log } from "./log.ts";
import { credentialsOf } from "./principals.ts";
import { LocalSchedules } from "./schedules.ts";

/** Lambda's asynchronous retries as `PlatformFunction` configures them for rule and schedule targets. */
export const ASYNC_RETRY_ATTEMPTS = 2;
/** Lambda's maximum event age as `PlatformFunction` configures it (`Duration.hours(6)`). */
export const ASYNC_MAX_EVENT_AGE_MS = 6 * 60 * 60 * 1000;
/** What the local cloud waits before the second and third attempts, unless told otherwise (AWS: 1 and 2 minutes). */
export const LOCAL_RETRY_DELAYS_MS = [1_000, 2_000] as const;

/** The record Lambda sends to an on-failure destination (Lambda guide, "Capturing records of asynchronous invocations"). */
export interface InvocationRecord {
  version: "1.0";
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: "RetriesExhausted" | "EventAgeExceeded";
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  responseContext?: { statusCode: 200; executedVersion: "$LATEST"; functionError: "Unhandled" };
  responsePayload?: { errorType: string; errorMessage: string; trace?: string[] };
}

export interface AsyncInvokerOptions {
  runtime: Pick<LambdaRuntime, "invoke">;
  region: string;
  account: string;
  /** Waits before the second and third attempts. @default LOCAL_RETRY_DELAYS_MS */
  retryDelaysMs?: readonly [number, number];
  /** @default ASYNC_MAX_EVENT_AGE_MS */
  maxEventAgeMs?: number;
  /** The on-failure destination; Lambda sends to it with the function's execution role. */
  onFailure(record: InvocationRecord, fn: LocalFunction): Promise<void>;
  log: Log;
  /** @default Date.now */
  now?: () => number;
}

/**
 * Lambda's asynchronous invocation: the caller does not wait; a function error is retried
 * `ASYNC_RETRY_ATTEMPTS` times, then the invocation record goes to the on-failure destination.
 */
export class AsyncInvoker {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waits = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  private stopped = false;

  constructor(private readonly options: AsyncInvokerOptions) {}

  /**
   * Queues `event` for `fn` and answers a promise that settles once it was delivered, or dead-lettered,
   * or given up at stop; it never rejects. `onDeliveryFailure` runs if the invocation itself is refused.
   */
  invoke(
    fn: LocalFunction,
    event: unknown,
    onDeliveryFailure: (error: unknown) => Promise<void>,
  ): Promise<void> {
    const tracked: Promise<void> = this.deliver(fn, event, onDeliveryFailure)
      .catch((error: unknown) =>
        this.options.log(
          "error",
          `${fn.name}: delivery of event ${idOf(event)} failed: ${describeError(error)}`,
          error,
        ),
      )
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    return tracked;
  }

  /** Resolves once every delivery queued so far, and any queued meanwhile, has settled. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Cancels pending retries (each is logged); invocations that are running finish without retries. */
  stop(): void {
    this.stopped = true;
    for (const wait of this.waits) {
      clearTimeout(wait.timer);
      wait.wake();
    }
    this.waits.clear();
  }

  private wait(ms: number): Promise<void> {
    return new Promise((wake) => {
      const entry = {
        timer: setTimeout(() => {
          this.waits.delete(entry);
          wake();
        }, ms),
        wake,
      };
      this.waits.add(entry);
    });
  }

  private async deliver(
    fn: LocalFunction,
    event: unknown,
    onDeliveryFailure: (error: unknown) => Promise<void>,
  ): Promise<void> {
    const { log, region, account } = this.options;
    const now = this.options.now ?? Date.now;
    const delays = this.options.retryDelaysMs ?? LOCAL_RETRY_DELAYS_MS;
    const maxAge = this.options.maxEventAgeMs ?? ASYNC_MAX_EVENT_AGE_MS;
    const attempts = 1 + ASYNC_RETRY_ATTEMPTS;
    const id = idOf(event);
    // The caller (PutEvents, the scheduler) has its answer before the function runs.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const queuedAt = now();
    const requestId = randomUUID();
    let failure: Extract<InvokeResult, { ok: false }> | undefined;
    let invoked = 0;
    let condition: InvocationRecord["requestContext"]["condition"] = "RetriesExhausted";
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await this.wait(delays[attempt - 2] ?? 0);
      if (this.stopped) {
        log(
          "warn",
          `${fn.name}: the local cloud stopped; event ${id} not delivered (attempt ${attempt} of ${attempts} dropped)`,
        );
        return;
      }
      if (now() - queuedAt > maxAge) {
        condition = "EventAgeExceeded";
        break;
      }
      let result: InvokeResult;
      try {
        result = await this.options.runtime.invoke(fn, event);
      } catch (error) {
        if (this.stopped) {
          log("warn", `${fn.name}: the local cloud stopped; event ${id} not delivered`);
          return;
        }
        log(
          "error",
          `${fn.name}: event ${id} could not be handed to the function: ${describeError(error)}`,
          error,
        );
        try {
          await onDeliveryFailure(error);
          log("error", `${fn.name}: event ${id} was sent to the events DLQ`);
        } catch (dlqError) {
          log(
            "error",
            `${fn.name}: event ${id} is lost: the events DLQ refused it: ${describeError(dlqError)}`,
            dlqError,
          );
        }
        return;
      }
      invoked = attempt;
      if (result.ok) {
        log("debug", `${fn.name}: event ${id} delivered (attempt ${attempt})`);
        return;
      }
      failure = result;
      if (this.stopped) {
        log("warn", `${fn.name}: the local cloud stopped during attempt ${attempt}; event ${id} not retried`);
        return;
      }
      log(
        "warn",
        `${fn.name}: event ${id}, attempt ${attempt} of ${attempts} failed: ${result.errorType}: ${result.error}`,
      );
    }
    const record: InvocationRecord = {
      version: "1.0",
      timestamp: new Date(now()).toISOString(),
      requestContext: {
        requestId,
        functionArn: `arn:aws:lambda:${region}:${account}:function:${fn.name}:$LATEST`,
        condition,
        approximateInvokeCount: invoked,
      },
      requestPayload: event,
      ...(failure && {
        responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
        responsePayload: {
          errorType: failure.errorType,
          errorMessage: failure.error,
          ...(failure.trace && { trace: failure.trace }),
        },
      }),
    };
    try {
      await this.options.onFailure(record, fn);
      log(
        "error",
        `${fn.name}: event ${id} failed ${invoked} time(s) (${condition}); its record was sent to the events DLQ`,
      );
    } catch (error) {
      log(
        "error",
        `${fn.name}: event ${id} is lost: the events DLQ refused its record: ${describeError(error)}`,
        error,
      );
    }
  }
}

function idOf(event: unknown): string {
  return typeof event === "object" && event !== null && "id" in event ? String(event.id) : "(no id)";
}

/** A declared rule as the local EventBridge runs it. */
export interface LocalRule {
  /** The declared name. */
  name: string;
  /** Its deployed name (`<app>-<stage>-rule-<name>`, as the CDK names it). */
  ruleName: string;
  busName: string;
  matches(event: unknown): boolean;
  fn: LocalFunction;
}

export interface EventTargetsOptions {
  declaration: PlatformDeclaration;
  eventBridge: Pick<LocalEventBridge, "subscribe">;
  runtime: Pick<LambdaRuntime, "invoke">;
  /** Declared name → deployed name (`resourceName(app, stage, name)`). */
  nameOf(name: string): string;
  /** The platform bus, by its deployed name. */
  eventBusName: string;
  /** URL of a declared queue. */
  queueUrl(queue: string): string;
  /** How to reach the local SQS. */
  sqs: SQSClientConfig;
  region: string;
  account: string;
  /** @default LOCAL_RETRY_DELAYS_MS */
  retryDelaysMs?: readonly [number, number];
  log: Log;
}

/**
 * The declared rules and schedules with their targets. Built (and validated: patterns, schedule
 * expressions, the events DLQ) before the services start; `start()` subscribes to the bus and arms
 * the schedules.
 */
export class EventTargets {
  readonly rules: readonly LocalRule[];
  /** Awaits deliveries: of rules, and of schedules fired by their timers. */
  readonly eventRules: { idle(): Promise<void> };
  readonly schedules: { fireNow(name: string): Promise<void> };
  private readonly invoker: AsyncInvoker;
  private readonly localSchedules: LocalSchedules;
  private unsubscribe: (() => void) | undefined;
  /** SQS clients by the principal they sign as ("" for the local cloud's own). */
  private readonly clients = new Map<string, SQSClient>();
  private stopped = false;

  constructor(private readonly options: EventTargetsOptions) {
    const { declaration, nameOf, region, account, log } = options;
    const hasTargets = declaration.eventRules.length > 0 || declaration.schedules.length > 0;
    if (hasTargets && !declaration.queues.some((q) => q.name === EVENTS_DLQ)) {
      // As the Data stack refuses it.
      throw new Error(
        `Event rules and schedules need the queue "${EVENTS_DLQ}" for their dead letters; declare it.`,
      );
    }
    this.rules = declaration.eventRules.map((rule) => {
      let matches: (event: unknown) => boolean;
      try {
        matches = compileEventPattern(rule.pattern);
      } catch (error) {
        throw new Error(`event rule "${rule.name}": ${describeError(error)}`, { cause: error });
      }
      const id = functionIds.rule(rule.name);
      return {
        name: rule.name,
        ruleName: nameOf(id),
        busName: options.eventBusName,
        matches,
        fn: { ...rule.target, name: nameOf(id) },
      };
    });
    // Deployed name → principal id of every target, whose role sends its failed invocations' records.
    const principals = new Map(
      [
        ...declaration.eventRules.map((rule) => functionIds.rule(rule.name)),
        ...declaration.schedules.map((schedule) => functionIds.schedule(schedule.name)),
      ].map((id) => [nameOf(id), id]),
    );
    this.invoker = new AsyncInvoker({
      runtime: options.runtime,
      region,
      account,
      retryDelaysMs: options.retryDelaysMs,
      onFailure: (record, fn) => this.deadLetter(JSON.stringify(record), {}, principals.get(fn.name)),
      log,
    });
    this.localSchedules = new LocalSchedules({
      schedules: declaration.schedules.map((schedule) => {
        const id = functionIds.schedule(schedule.name);
        return {
          name: schedule.name,
          expression: schedule.expression,
          scheduleName: nameOf(id),
          fn: { ...schedule.target, name: nameOf(id) },
        };
      }),
      region,
      account,
      deliver: (fn, event, onDeliveryFailure) => this.invoker.invoke(fn, event, onDeliveryFailure),
      deadLetter: (body, attributes) => this.deadLetter(body, attributes),
      log,
    });
    this.eventRules = { idle: () => this.invoker.idle() };
    this.schedules = { fireNow: (name) => this.localSchedules.fireNow(name) };
  }

  start(): void {
    this.stopped = false;
    this.unsubscribe ??= this.options.eventBridge.subscribe((recorded) => this.route(recorded));
    this.localSchedules.start();
  }

  /** Stops routing and firing, drops pending retries (logged). Running invocations end with the runtime. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.localSchedules.stop();
    this.invoker.stop();
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  ruleArn(rule: LocalRule): string {
    return `arn:aws:events:${this.options.region}:${this.options.account}:rule/${rule.busName}/${rule.ruleName}`;
  }

  /** Sends each matching rule's target the event, asynchronously. */
  private route({ eventBusName, event }: RecordedEvent): void {
    for (const rule of this.rules) {
      if (rule.busName !== eventBusName || !rule.matches(event)) continue;
      this.options.log("debug", `rule ${rule.name} matched event ${event.id} → ${rule.fn.name}`);
      void this.invoker.invoke(rule.fn, event, (error) =>
        // EventBridge could not invoke the target at all: no retry for such errors, straight to the
        // rule target's DLQ with EventBridge's dead-letter attributes (EventBridge guide, "Using
        // dead-letter queues to process undelivered events").
        this.deadLetter(JSON.stringify(event), {
          RULE_ARN: this.ruleArn(rule),
          TARGET_ARN: `arn:aws:lambda:${this.options.region}:${this.options.account}:function:${rule.fn.name}`,
          ERROR_CODE: "SDK_CLIENT_ERROR",
          ERROR_MESSAGE: describeError(error),
          RETRY_ATTEMPTS: "0",
        }),
      );
    }
  }

  /**
   * Sends a dead letter to the events DLQ: as the target function's principal when Lambda's
   * on-failure destination sends it (with the function's execution role), as the cloud's own when
   * EventBridge or Scheduler does (the queue's policy lets them).
   */
  private async deadLetter(
    body: string,
    attributes: Record<string, string>,
    principal?: string,
  ): Promise<void> {
    if (this.stopped) throw new Error("the local cloud is stopping");
    let client = this.clients.get(principal ?? "");
    if (client === undefined) {
      client = new SQSClient({
        ...this.options.sqs,
        ...(principal !== undefined && { credentials: credentialsOf(principal) }),
      });
      this.clients.set(principal ?? "", client);
    }
    await client.send(
      new SendMessageCommand({
        QueueUrl: this.options.queueUrl(EVENTS_DLQ),
        MessageBody: body,
        MessageAttributes: Object.fromEntries(
          Object.entries(attributes).map(([name, value]) => [
            name,
            { DataType: "String", StringValue: value },
          ]),
        ),
      }),
    );
  }
}
