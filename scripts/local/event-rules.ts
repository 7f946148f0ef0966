/**
 * The declared event rules and schedules, played locally as `infra/lib/constructs/event-targets.ts`
 * wires them in AWS:
 *
 * - A rule (on the platform bus) whose pattern matches an accepted event sends that event, exactly as
 *   EventBridge delivers it (the `BusEvent` envelope), to its Lambda target. EventBridge invokes
 *   Lambda asynchronously: PutEvents has answered before the function runs.
 * - A schedule (EventBridge Scheduler, `schedules.ts`) invokes its Lambda target asynchronously too.
 * - Both targets are invoked as Lambda invokes asynchronously (`async-invoker.ts`): a function error
 *   is retried twice, then its invocation record goes to the on-failure destination, the events DLQ.
 * - The rule target's and schedule's own retry policy (`retryAttempts: 3`, `maxEventAge: 2 h`) and
 *   dead-letter queue apply only when EventBridge or Scheduler cannot hand the event to Lambda at all
 *   (throttling, permissions, a missing function). Locally that happens only when the runtime refuses
 *   the invocation; such an event goes straight to the events DLQ with the attributes EventBridge
 *   (RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, RETRY_ATTEMPTS) or Scheduler puts on its dead
 *   letters, as AWS does for errors it does not retry.
 *
 * Nothing is swallowed: the invoker logs every failed attempt, every dead letter and every event the
 * DLQ could not take.
 */
import { SendMessageCommand, SQSClient, type SQSClientConfig } from "@aws-sdk/client-sqs";
import { functionIds } from "#shared/platform/declaration/functions";
import { EVENTS_DLQ } from "#shared/platform/declaration/naming";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { AsyncInvoker } from "./async-invoker.ts";
import { compileEventPattern } from "./event-pattern.ts";
import type { LocalEventBridge, RecordedEvent } from "./eventbridge.ts";
import type { LambdaRuntime, LocalFunction } from "./lambda-runtime.ts";
import { describeError, type Log } from "./log.ts";
import { credentialsOf } from "./principals.ts";
import { LocalSchedules } from "./schedules.ts";

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
  /** How to reach the local SQS (asked when a dead letter is first sent: SQS is running by then). */
  sqs(): SQSClientConfig;
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
        ...this.options.sqs(),
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
