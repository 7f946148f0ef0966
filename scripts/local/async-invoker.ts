/**
 * Lambda's asynchronous invocation, as the local cloud hands events of rules and schedules to their
 * targets (`event-rules.ts`, `schedules.ts`). The targets are `PlatformFunction`s with
 * `invocation: { kind: "async", onFailure: events DLQ }`, i.e. Lambda's asynchronous invocation
 * config: 2 retries, maximum event age 6 hours, and an SQS on-failure destination. A function error
 * (thrown, timed out, crashed) is Lambda's to retry: the Lambda guide says it "attempts to run it two
 * more times, with a one-minute wait between the first two attempts, and two minutes between the
 * second and third". After the last failure Lambda sends an invocation record (version 1.0,
 * `requestContext.condition` `RetriesExhausted`, `approximateInvokeCount`, `requestPayload` = the
 * event, `responseContext.functionError`, `responsePayload` = the error) as the SQS message body to
 * the destination: the events DLQ.
 *
 * Locally the retry delays default to 1 s and 2 s (`LOCAL_RETRY_DELAYS_MS`) instead of 1 and 2 minutes.
 * Nothing is swallowed: every failed attempt, every dead letter and every event the DLQ could not take
 * is logged.
 */
import { randomUUID } from "node:crypto";
import type { InvokeResult, LambdaRuntime, LocalFunction } from "./lambda-runtime.ts";
import { describeError, type Log } from "./log.ts";

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
