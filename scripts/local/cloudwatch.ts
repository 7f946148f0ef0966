import type { AwsCallLog } from "./aws-calls.ts";
import { AwsServiceError, type RunningServer, startAwsJsonServer } from "./aws-json-server.ts";
import { cloudWatchAuthorizations } from "./iam-authorizations.ts";
import type { Log } from "./log.ts";

/** The one metric the local CloudWatch has: SQS's, per queue (dimension `QueueName`). */
const NAMESPACE = "AWS/SQS";
const OLDEST_MESSAGE_AGE = "ApproximateAgeOfOldestMessage";

const STATISTICS = new Set(["Maximum", "Minimum", "Average", "Sum", "SampleCount"]);
/** `p99`, `p99.9`, …: with one sample a minute, every percentile is the sample. */
const PERCENTILE = /^p(\d{1,2}(\.\d+)?|100)$/;
const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;
/** Periods under a minute that CloudWatch takes (high-resolution metrics); others are whole minutes. */
const HIGH_RESOLUTION_PERIODS = new Set([1, 5, 10, 20, 30]);

export interface LocalCloudWatchOptions {
  port: number;
  log: Log;
  /**
   * Epoch milliseconds at which the oldest message still in a queue got there (undefined: the queue
   * is empty or unknown): `RunningSqs.oldestMessageAt`.
   */
  oldestMessageAt: (queueName: string) => Promise<number | undefined>;
  /** @default Date.now */
  now?: () => number;
  /** Where each request's IAM authorizations are recorded under its caller. */
  calls?: AwsCallLog;
}

/**
 * CloudWatch's `GetMetricData`, for the one metric the platform reads: `AWS/SQS`
 * `ApproximateAgeOfOldestMessage` by `QueueName`, computed from the local SQS's messages when asked.
 * The SDK (`@aws-sdk/client-cloudwatch`) speaks AWS JSON 1.0 to CloudWatch, in awsQuery-compatible
 * mode: a malformed request is the modeled `ValidationException`, whose awsQuery code (`Code`, and
 * the `x-amzn-query-error` header) is `ValidationError`.
 *
 * No history is kept: a queue holding a message has one datapoint, the age now, at the start of the
 * period under way (when that falls in the window asked for); an empty queue has none, as SQS
 * publishes none for it. Any other metric, namespace or dimension set is a metric without data: an
 * empty, `Complete` result, as CloudWatch answers a metric it does not have. Metric math is refused.
 */
export function startCloudWatch(options: LocalCloudWatchOptions): Promise<RunningServer> {
  const now = options.now ?? Date.now;
  return startAwsJsonServer({
    name: "cloudwatch",
    targetPrefix: "GraniteServiceVersion20100801",
    jsonVersion: "1.0",
    // The awsQuery code ValidationError is the modeled ValidationException on the JSON protocol.
    queryCompatible: {
      namespace: "com.amazonaws.cloudwatch",
      shapes: { ValidationError: "ValidationException" },
    },
    port: options.port,
    log: options.log,
    ...(options.calls && {
      record: { calls: options.calls, authorize: (operation) => cloudWatchAuthorizations(operation) },
    }),
    operations: {
      GetMetricData: async (input) => {
        const request = parseRequest(input);
        const at = now();
        const results = await Promise.all(
          request.queries
            .filter((query) => query.returnData)
            .map(async (query) => {
              const point = await datapointOf(query, request, at, options.oldestMessageAt);
              return {
                Id: query.id,
                Label: query.label ?? query.metricName,
                Timestamps: point ? [point.timestamp / 1000] : [],
                Values: point ? [point.value] : [],
                StatusCode: "Complete",
              };
            }),
        );
        return { MetricDataResults: results, Messages: [] };
      },
    },
  });
}

interface Query {
  id: string;
  label: string | undefined;
  returnData: boolean;
  namespace: string | undefined;
  metricName: string | undefined;
  dimensions: { name: string; value: string }[];
  period: number;
  stat: string;
}

interface Request {
  queries: Query[];
  /** Epoch milliseconds, start inclusive, end exclusive. */
  start: number;
  end: number;
}

/** The datapoint of a query's metric at `at`, if the metric has one and it falls in the window. */
async function datapointOf(
  query: Query,
  request: Request,
  at: number,
  oldestMessageAt: LocalCloudWatchOptions["oldestMessageAt"],
): Promise<{ timestamp: number; value: number } | undefined> {
  const [dimension, ...others] = query.dimensions;
  if (
    query.namespace !== NAMESPACE ||
    query.metricName !== OLDEST_MESSAGE_AGE ||
    dimension?.name !== "QueueName" ||
    others.length > 0
  ) {
    return undefined;
  }
  const period = query.period * 1000;
  const timestamp = Math.floor(at / period) * period;
  if (timestamp < request.start || timestamp >= request.end) return undefined;
  const oldest = await oldestMessageAt(dimension.value);
  if (oldest === undefined) return undefined;
  const age = Math.max(0, Math.floor((at - oldest) / 1000));
  return { timestamp, value: query.stat === "SampleCount" ? 1 : age };
}

/** The request as CloudWatch validates it, or its `ValidationError`. */
function parseRequest(input: Record<string, unknown>): Request {
  const queries = input.MetricDataQueries;
  if (!Array.isArray(queries) || queries.length === 0 || queries.length > 500) {
    throw invalid("MetricDataQueries must hold 1 to 500 queries.");
  }
  const start = timestampOf(input, "StartTime");
  const end = timestampOf(input, "EndTime");
  if (start >= end) throw invalid("The parameter StartTime must be less than the parameter EndTime.");
  if (input.NextToken !== undefined) {
    // This CloudWatch never hands out a token, so any is one it did not give.
    throw new AwsServiceError("InvalidNextToken", "The service couldn't process the NextToken.");
  }
  if (
    input.ScanBy !== undefined &&
    input.ScanBy !== "TimestampDescending" &&
    input.ScanBy !== "TimestampAscending"
  ) {
    throw invalid(`Value '${String(input.ScanBy)}' at 'scanBy' failed to satisfy constraint.`);
  }
  const parsed = queries.map((query: unknown, i) => queryOf(query, i + 1));
  const ids = parsed.map((q) => q.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) throw invalid(`The value ${repeated} for field Id is not unique.`);
  return { queries: parsed, start, end };
}

function queryOf(raw: unknown, n: number): Query {
  const at = `MetricDataQueries.member.${n}`;
  if (typeof raw !== "object" || raw === null) throw invalid(`${at} must be a structure.`);
  const query = raw as Record<string, unknown>;
  if (typeof query.Id !== "string" || !QUERY_ID.test(query.Id)) {
    throw invalid(
      `The value ${String(query.Id)} for parameter ${at}.Id is not valid: it must start with a lowercase letter and hold only letters, digits and underscores.`,
    );
  }
  if (query.Expression !== undefined) {
    throw invalid(`${at}.Expression: the local CloudWatch answers MetricStat queries only.`);
  }
  const stat = query.MetricStat as Record<string, unknown> | undefined;
  if (typeof stat !== "object" || stat === null) {
    throw invalid(`Exactly one of ${at}.MetricStat and ${at}.Expression must be specified.`);
  }
  if (typeof stat.Metric !== "object" || stat.Metric === null) {
    throw invalid(
      `1 validation error detected: Value null at '${at}.MetricStat.Metric' failed to satisfy constraint: Member must not be null`,
    );
  }
  const metric = stat.Metric as Record<string, unknown>;
  const period = stat.Period;
  if (
    typeof period !== "number" ||
    !(HIGH_RESOLUTION_PERIODS.has(period) || (period > 0 && period % 60 === 0))
  ) {
    throw invalid(`The parameter ${at}.MetricStat.Period must be 1, 5, 10, 20, 30, 60, or a multiple of 60.`);
  }
  if (typeof stat.Stat !== "string" || !(STATISTICS.has(stat.Stat) || PERCENTILE.test(stat.Stat))) {
    throw invalid(
      `The value ${String(stat.Stat)} for parameter ${at}.MetricStat.Stat is not a valid statistic.`,
    );
  }
  const dimensions = metric.Dimensions ?? [];
  if (!Array.isArray(dimensions)) throw invalid(`${at}.MetricStat.Metric.Dimensions must be a list.`);
  return {
    id: query.Id,
    label: typeof query.Label === "string" ? query.Label : undefined,
    returnData: query.ReturnData !== false,
    namespace: typeof metric.Namespace === "string" ? metric.Namespace : undefined,
    metricName: typeof metric.MetricName === "string" ? metric.MetricName : undefined,
    dimensions: dimensions.map((d: unknown) => {
      const { Name, Value } = (d ?? {}) as Record<string, unknown>;
      if (typeof Name !== "string" || typeof Value !== "string") {
        throw invalid(`Each of ${at}.MetricStat.Metric.Dimensions needs a Name and a Value.`);
      }
      return { name: Name, value: Value };
    }),
    period,
    stat: stat.Stat,
  };
}

/** A required timestamp member: epoch seconds on the JSON protocol. */
function timestampOf(input: Record<string, unknown>, member: string): number {
  const value = input[member];
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw invalid(
      `1 validation error detected: Value null at '${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value * 1000;
}

function invalid(message: string): AwsServiceError {
  return new AwsServiceError("ValidationError", message);
}
