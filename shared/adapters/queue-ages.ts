import type { CloudWatchClient, CloudWatchClientConfig } from "@aws-sdk/client-cloudwatch";
import type { QueueAgesPort } from "#shared/domain/ops/agent-queues";

/**
 * The one CloudWatch metric these ages read: SQS publishes it once a minute per queue, and only while
 * the queue holds a message (visible or in flight), so "no datapoint" means "no data", not 0.
 */
export const OLDEST_MESSAGE_AGE = {
  Namespace: "AWS/SQS",
  MetricName: "ApproximateAgeOfOldestMessage",
} as const;

/** One datapoint a minute, as SQS publishes them. */
const PERIOD_SECONDS = 60;
/** How far back a queue's newest datapoint may be: an older one is no longer the queue's age. */
const WINDOW_MINUTES = 5;

/**
 * The part of CloudWatch's `GetMetricData` request these ages send: a subset of the SDK's
 * `GetMetricDataInput` (`@aws-sdk/client-cloudwatch`), so a client's `send` takes it as it is.
 */
export interface MetricDataRequest {
  MetricDataQueries: {
    Id: string;
    MetricStat: {
      Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] };
      Period: number;
      Stat: string;
    };
    ReturnData: boolean;
  }[];
  StartTime: Date;
  EndTime: Date;
  ScanBy: "TimestampDescending";
}

/** What these ages read of CloudWatch's answer: a subset of the SDK's `GetMetricDataOutput`. */
export interface MetricDataAnswer {
  MetricDataResults?:
    | {
        Id?: string | undefined;
        Timestamps?: Date[] | undefined;
        Values?: number[] | undefined;
        StatusCode?: string | undefined;
        Messages?: { Code?: string | undefined; Value?: string | undefined }[] | undefined;
      }[]
    | undefined;
}

/** CloudWatch's `GetMetricData`. */
export type GetMetricData = (request: MetricDataRequest) => Promise<MetricDataAnswer>;

/**
 * `GetMetricData` through `@aws-sdk/client-cloudwatch`, loaded on the first read rather than at cold
 * start: only the ops listing reads ages, so a function lists the client in `runtimeProvidedModules`
 * (docs/decisions/0004-cold-start-budget.md). One client, created on first use.
 */
export function cloudWatchMetricData(config: CloudWatchClientConfig = {}): {
  getMetricData: GetMetricData;
  destroy(): void;
} {
  let client: CloudWatchClient | undefined;
  return {
    async getMetricData(request) {
      const sdk = await import("@aws-sdk/client-cloudwatch");
      client ??= new sdk.CloudWatchClient(config);
      return client.send(new sdk.GetMetricDataCommand(request));
    },
    destroy: () => client?.destroy(),
  };
}

export interface QueueAgesOptions {
  getMetricData: GetMetricData;
  /** The URL of a declared queue (or derived DLQ) by its declared name; its last segment is its name. */
  queueUrl: (queue: string) => string | Promise<string>;
  /** @default () => new Date() */
  now?: () => Date;
}

/**
 * The age of the oldest message of each queue, from CloudWatch: one `GetMetricData` for all the
 * queues asked for (a `Maximum` per minute over the last five minutes, the newest datapoint each).
 * Works the same on AWS and on the local cloud, whose CloudWatch answers this metric from its SQS.
 */
export function createQueueAges(options: QueueAgesOptions): QueueAgesPort {
  const now = options.now ?? (() => new Date());
  return {
    async oldestMessageAges(queues) {
      const names = await Promise.all(
        queues.map(async (queue) => queueNameOf(await options.queueUrl(queue))),
      );
      const answer = await options.getMetricData(oldestAgeRequest(names, now()));
      const ages = oldestAgesOf(answer, names.length);
      return new Map(queues.map((queue, i) => [queue, ages[i] ?? null]));
    },
  };
}

/**
 * The request for the oldest-message ages of the queues named (deployed names: CloudWatch's
 * `QueueName`), query `q<i>` for the i-th. The window ends at the next whole minute, so the minute
 * under way counts, and starts five minutes before.
 */
export function oldestAgeRequest(queueNames: readonly string[], now: Date): MetricDataRequest {
  const period = PERIOD_SECONDS * 1000;
  const end = Math.floor(now.getTime() / period) * period + period;
  return {
    MetricDataQueries: queueNames.map((name, i) => ({
      Id: `q${i}`,
      MetricStat: {
        Metric: { ...OLDEST_MESSAGE_AGE, Dimensions: [{ Name: "QueueName", Value: name }] },
        Period: PERIOD_SECONDS,
        Stat: "Maximum",
      },
      ReturnData: true,
    })),
    StartTime: new Date(end - WINDOW_MINUTES * period),
    EndTime: new Date(end),
    ScanBy: "TimestampDescending",
  };
}

/**
 * The newest datapoint of each query `q<i>`, in whole seconds, or null where there is none. A result
 * CloudWatch could not compute (`InternalError`, `Forbidden`) or did not return is a failure of the
 * whole read, not "no data". `PartialData` still holds each query's newest datapoints, because the
 * request scans newest first.
 */
export function oldestAgesOf(answer: MetricDataAnswer, count: number): (number | null)[] {
  const results = new Map((answer.MetricDataResults ?? []).map((r) => [r.Id, r]));
  return Array.from({ length: count }, (_, i) => {
    const result = results.get(`q${i}`);
    if (result === undefined) throw new Error(`CloudWatch answered no result for query q${i}`);
    if (result.StatusCode !== "Complete" && result.StatusCode !== "PartialData") {
      const why = (result.Messages ?? []).map((m) => `${m.Code}: ${m.Value}`).join("; ");
      throw new Error(`CloudWatch answered ${result.StatusCode} for query q${i}${why ? ` (${why})` : ""}`);
    }
    let newest: { at: number; value: number } | undefined;
    for (const [j, timestamp] of (result.Timestamps ?? []).entries()) {
      const value = result.Values?.[j];
      if (value !== undefined && (newest === undefined || timestamp.getTime() > newest.at)) {
        newest = { at: timestamp.getTime(), value };
      }
    }
    return newest === undefined ? null : Math.max(0, Math.floor(newest.value));
  });
}

/** `https://sqs.<region>.amazonaws.com/<account>/<name>` (or the local cloud's) → `<name>`. */
export function queueNameOf(queueUrl: string): string {
  const name = new URL(queueUrl).pathname.split("/").filter(Boolean).at(-1);
  if (name === undefined) throw new Error(`No queue name in the queue URL ${queueUrl}`);
  return name;
}
