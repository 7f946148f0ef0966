import { Duration } from "aws-cdk-lib";
import type { IHttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import { AlarmStatusWidget, Dashboard, GraphWidget, type IAlarm } from "aws-cdk-lib/aws-cloudwatch";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

const PERIOD = Duration.minutes(1);

export interface PlatformDashboardProps {
  readonly dashboardName: string;
  readonly httpApi: IHttpApi;
  readonly functions: ReadonlyMap<string, IFunction>;
  readonly deadLetterQueues: ReadonlyMap<string, IQueue>;
  /** @default - no alarm status widget */
  readonly alarms?: readonly IAlarm[];
}

/** One dashboard: API traffic, errors and latency; per-function errors, throttles, duration; DLQ depth. */
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
  }
}
