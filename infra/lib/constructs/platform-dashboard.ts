import { Duration } from "aws-cdk-lib";
import type { IHttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IAlarm,
  MathExpression,
  Metric,
} from "aws-cdk-lib/aws-cloudwatch";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { type ReviewServiceLevelProps, reviewWaitSeconds } from "./review-wait-metric.ts";
import { type SearchDomainMetricsProps, searchWidgets } from "./search-metrics.ts";

const PERIOD = Duration.minutes(1);

export interface PlatformDashboardProps {
  readonly dashboardName: string;
  readonly httpApi: IHttpApi;
  readonly functions: ReadonlyMap<string, IFunction>;
  readonly deadLetterQueues: ReadonlyMap<string, IQueue>;
  /** The queues jobs wait in (every queue but the DLQs), by name. */
  readonly jobQueues: ReadonlyMap<string, IQueue>;
  /** The Fargate services consuming queues, by name. @default - none */
  readonly services?: ReadonlyMap<string, { clusterName: string; serviceName: string }>;
  /** @default - no alarm status widget */
  readonly alarms?: readonly IAlarm[];
  /** The review service level, graphed against its alarm's threshold. @default - no review widget */
  readonly reviewServiceLevel?: ReviewServiceLevelProps;
  /** The search domain: its latency, rates and health. @default - no search row */
  readonly search?: SearchDomainMetricsProps;
}

/**
 * One dashboard: API traffic, errors and latency; per-function errors, throttles, duration; the job
 * queues' backlog and oldest job, the Fargate consumers' running tasks (as they scale); DLQ depth;
 * how long the oldest item has waited for a reviewer; the search domain's latency, rates and health.
 */
export class PlatformDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: PlatformDashboardProps) {
    super(scope, id);
    const { httpApi } = props;
    const labelled = (name: string) => ({ label: name, period: PERIOD });
    const fns = [...props.functions];

    this.dashboard = new Dashboard(this, "Dashboard", { dashboardName: props.dashboardName });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: "API requests and errors",
        width: 12,
        left: [
          httpApi.metricCount({ label: "requests", statistic: "Sum", period: PERIOD }),
          httpApi.metricClientError({ label: "4xx", statistic: "Sum", period: PERIOD }),
          httpApi.metricServerError({ label: "5xx", statistic: "Sum", period: PERIOD }),
        ],
      }),
      new GraphWidget({
        title: "API latency (ms)",
        width: 12,
        left: ["p50", "p90", "p99"].map((statistic) =>
          httpApi.metricLatency({ label: statistic, statistic, period: PERIOD }),
        ),
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: "Lambda errors",
        width: 8,
        left: fns.map(([name, fn]) => fn.metricErrors({ ...labelled(name), statistic: "Sum" })),
      }),
      new GraphWidget({
        title: "Lambda throttles",
        width: 8,
        left: fns.map(([name, fn]) => fn.metricThrottles({ ...labelled(name), statistic: "Sum" })),
      }),
      new GraphWidget({
        title: "Lambda duration p99 (ms)",
        width: 8,
        left: fns.map(([name, fn]) => fn.metricDuration({ ...labelled(name), statistic: "p99" })),
      }),
    );
    const jobQueues = [...props.jobQueues];
    const services = [...(props.services ?? [])];
    this.dashboard.addWidgets(
      new GraphWidget({
        title: "Job queues: jobs waiting",
        width: services.length > 0 ? 8 : 12,
        left: jobQueues.map(([name, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({ ...labelled(name), statistic: "Maximum" }),
        ),
      }),
      new GraphWidget({
        title: "Job queues: age of the oldest job (s)",
        width: services.length > 0 ? 8 : 12,
        left: jobQueues.map(([name, queue]) =>
          queue.metricApproximateAgeOfOldestMessage({ ...labelled(name), statistic: "Maximum" }),
        ),
      }),
      ...(services.length > 0
        ? [
            new GraphWidget({
              title: "Fargate consumers: tasks running",
              width: 8,
              // Container Insights (on for the cluster) counts a service's running tasks.
              left: services.map(
                ([name, { clusterName, serviceName }]) =>
                  new Metric({
                    namespace: "ECS/ContainerInsights",
                    metricName: "RunningTaskCount",
                    dimensionsMap: { ClusterName: clusterName, ServiceName: serviceName },
                    statistic: "Average",
                    ...labelled(name),
                  }),
              ),
            }),
          ]
        : []),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: "Dead-letter queues: messages visible",
        width: 12,
        left: [...props.deadLetterQueues].map(([name, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({ ...labelled(name), statistic: "Maximum" }),
        ),
      }),
      ...(props.alarms && props.alarms.length > 0
        ? [new AlarmStatusWidget({ title: "Alarms", width: 12, alarms: [...props.alarms] })]
        : []),
    );
    if (props.search) this.dashboard.addWidgets(...searchWidgets(props.search, PERIOD));
    const review = props.reviewServiceLevel;
    if (review) {
      this.dashboard.addWidgets(
        new GraphWidget({
          title: "Review: oldest item waiting (minutes)",
          width: 12,
          // Published in seconds (the alarm compares seconds); people read waits in minutes.
          left: [
            new MathExpression({
              expression: "seconds / 60",
              usingMetrics: { seconds: reviewWaitSeconds(review, PERIOD) },
              label: "oldest wait",
              period: PERIOD,
            }),
          ],
          leftYAxis: { min: 0 },
          leftAnnotations: [{ value: review.thresholdMinutes, label: "alarm threshold" }],
        }),
      );
    }
  }
}
