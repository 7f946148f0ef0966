import { Duration } from "aws-cdk-lib";
import type { IHttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  Alarm,
  ComparisonOperator,
  type IAlarm,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { pascalCase } from "../naming.ts";
import { type ReviewServiceLevelProps, reviewWaitSeconds } from "./review-wait-metric.ts";
import { type SearchDomainMetricsProps, searchAlarms } from "./search-metrics.ts";

const FIVE_MINUTES = Duration.minutes(5);

export interface PlatformAlarmsProps {
  readonly alarmName: (name: string) => string;
  readonly topic: ITopic;
  readonly httpApi: IHttpApi;
  /** Functions by short name. */
  readonly functions: ReadonlyMap<string, IFunction>;
  /** Dead-letter queues by name. */
  readonly deadLetterQueues: ReadonlyMap<string, IQueue>;
  /** The queues jobs wait in (every queue but the DLQs), by name. */
  readonly jobQueues: ReadonlyMap<string, IQueue>;
  /** Alarm when more than this percentage of requests answer 5xx over five minutes. */
  readonly api5xxRatePercent: number;
  /** Alarm when p99 latency exceeds this many milliseconds in two of three five-minute periods. */
  readonly apiP99LatencyMs: number;
  /**
   * Where the API functions' own metrics are (Powertools: the namespace, one `service` per domain),
   * for the alarm on a front door that stopped sending the viewer's address.
   * @default none: the platform has no front door
   */
  readonly frontDoorMetrics?: { readonly namespace: string; readonly domains: readonly string[] };
  /**
   * The review service level the review-service-level schedule publishes, for the alarm on items
   * waiting too long for a reviewer.
   * @default none: the platform has no review loop
   */
  readonly reviewServiceLevel?: ReviewServiceLevelProps;
  /**
   * The search domain, for its health, storage, memory, snapshot and 5xx alarms (`searchAlarms`).
   * @default none: the platform has no search domain
   */
  readonly search?: SearchDomainMetricsProps;
}

/**
 * The alarms ops are paged for, all to the ops topic: the API's 5xx rate and p99 latency, any
 * error or throttle of any function, any message in any dead-letter queue, any job queue whose
 * jobs wait while nothing receives them (a consumer that is down never dead-letters a job), and any
 * front-door request that arrived without the viewer's address (per-address limits then fall back to
 * the edge's address, shared by everyone behind it), an item that has waited too long for a
 * reviewer, and the search domain's health (`searchAlarms`).
 */
export class PlatformAlarms extends Construct {
  readonly alarms: IAlarm[] = [];

  constructor(scope: Construct, id: string, props: PlatformAlarmsProps) {
    super(scope, id);
    const action = new SnsAction(props.topic);
    const alarm = (
      name: string,
      description: string,
      metric: IMetric,
      threshold: number,
      of: { periods: number; breaching: number; missing?: TreatMissingData; below?: boolean } = {
        periods: 1,
        breaching: 1,
      },
    ) => {
      const created = new Alarm(this, pascalCase(name), {
        alarmName: props.alarmName(name),
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: of.below
          ? ComparisonOperator.LESS_THAN_THRESHOLD
          : ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: of.periods,
        datapointsToAlarm: of.breaching,
        treatMissingData: of.missing ?? TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
      return created;
    };

    alarm(
      "api-5xx-rate",
      `More than ${props.api5xxRatePercent}% of API requests answered 5xx over five minutes.`,
      new MathExpression({
        expression: "IF(requests > 0, 100 * errors / requests, 0)",
        usingMetrics: {
          errors: props.httpApi.metricServerError({ statistic: "Sum", period: FIVE_MINUTES }),
          requests: props.httpApi.metricCount({ statistic: "Sum", period: FIVE_MINUTES }),
        },
        label: "5xx rate (%)",
        period: FIVE_MINUTES,
      }),
      props.api5xxRatePercent,
    );
    alarm(
      "api-p99-latency",
      `API p99 latency above ${props.apiP99LatencyMs} ms in two of three five-minute periods.`,
      props.httpApi.metricLatency({ statistic: "p99", period: FIVE_MINUTES }),
      props.apiP99LatencyMs,
      { periods: 3, breaching: 2 },
    );
    for (const [name, fn] of props.functions) {
      alarm(
        `${name}-errors`,
        `Function ${name} failed an invocation.`,
        fn.metricErrors({ statistic: "Sum", period: FIVE_MINUTES }),
        0,
      );
      alarm(
        `${name}-throttles`,
        `Function ${name} was throttled.`,
        fn.metricThrottles({ statistic: "Sum", period: FIVE_MINUTES }),
        0,
      );
    }
    for (const [name, queue] of props.deadLetterQueues) {
      alarm(
        `${name}-not-empty`,
        `Dead-letter queue ${name} holds messages: a job or event failed for good. Inspect and redrive with the ops DLQ commands.`,
        queue.metricApproximateNumberOfMessagesVisible({ statistic: "Maximum", period: Duration.minutes(1) }),
        0,
      );
    }
    for (const domain of props.frontDoorMetrics?.domains ?? []) {
      alarm(
        `api-${domain}-viewer-address-missing`,
        `Requests to the ${domain} API came through the front door without CloudFront-Viewer-Address: per-address limits and audit entries fall back to the edge's address. Check the distribution's origin request policy.`,
        new Metric({
          namespace: props.frontDoorMetrics?.namespace ?? "",
          metricName: "ViewerAddressMissing",
          dimensionsMap: { service: domain },
          statistic: "Sum",
          period: FIVE_MINUTES,
        }),
        0,
      );
    }
    for (const [name, queue] of props.jobQueues) {
      alarm(
        `${name}-not-consumed`,
        `Jobs have waited in ${name} for 15 minutes and nothing received one: its consumer is down (crash loop, disabled mapping, missing permission) or every slot is stuck. Its jobs will not reach a DLQ on their own.`,
        new MathExpression({
          expression: "IF(waiting > 0 AND received == 0, 1, 0)",
          usingMetrics: {
            // The fewest waiting in the period: jobs waited all along.
            waiting: queue.metricApproximateNumberOfMessagesVisible({
              statistic: "Minimum",
              period: FIVE_MINUTES,
            }),
            received: queue.metricNumberOfMessagesReceived({ statistic: "Sum", period: FIVE_MINUTES }),
          },
          label: `${name}: jobs waiting, none received`,
          period: FIVE_MINUTES,
        }),
        0,
        { periods: 3, breaching: 3 },
      );
    }
    for (const search of props.search ? searchAlarms(props.search) : []) {
      alarm(search.name, search.description, search.metric, search.threshold, search);
    }
    const review = props.reviewServiceLevel;
    if (review) {
      // Missing data means the measuring schedule is not running (rule disabled or deleted; a failing
      // run has its own errors alarm): not "nobody waits", so the alarm goes to INSUFFICIENT_DATA,
      // which notifies ops too, instead of reading as OK or as reviewers falling behind.
      alarm(
        "review-wait",
        `An item has waited more than ${review.thresholdMinutes} minutes for a reviewer (the review service level), in two of three five-minute periods. Assign reviewers to the waiting tenants and work the queue (GET /api/dm/v1/queue, oldest first). INSUFFICIENT_DATA instead means the ${review.service} schedule stopped measuring: check its rule is enabled and its function's logs.`,
        reviewWaitSeconds(review, FIVE_MINUTES),
        review.thresholdMinutes * 60,
        { periods: 3, breaching: 2, missing: TreatMissingData.MISSING },
      ).addInsufficientDataAction(action);
    }
  }
}
