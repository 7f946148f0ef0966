import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { IHttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { resourceName } from "#shared/platform/declaration/naming";
import { OpsTopic } from "../constructs/ops-topic.ts";
import { PlatformAlarms } from "../constructs/platform-alarms.ts";
import { PlatformDashboard } from "../constructs/platform-dashboard.ts";
import type { StageSettings } from "../stage-settings.ts";

export interface ObservabilityStackProps extends StackProps {
  readonly app: string;
  readonly stage: string;
  readonly settings: StageSettings;
  readonly httpApi: IHttpApi;
  /** Every function of the platform by short name. */
  readonly functions: ReadonlyMap<string, IFunction>;
  /** Every dead-letter queue by name. */
  readonly deadLetterQueues: ReadonlyMap<string, IQueue>;
  /** Every queue jobs wait in (not a DLQ) by name. */
  readonly jobQueues: ReadonlyMap<string, IQueue>;
  /** The Fargate consumer services by name. */
  readonly services: ReadonlyMap<string, { clusterName: string; serviceName: string }>;
  /**
   * The API domains behind a front door, whose functions count requests without a viewer address.
   * @default [] (no front door)
   */
  readonly frontDoorDomains?: readonly string[];
  /**
   * The review service level's metric (the schedule's `service` dimension and metric name), alarmed
   * past the stage's `alarms.reviewWaitMinutes`.
   * @default none: the platform declares no review service level schedule
   */
  readonly reviewServiceLevel?: { readonly service: string; readonly metricName: string };
  /**
   * The search domain's name, watched in this stack's account with the stage's volume size.
   * @default none: no function binds search
   */
  readonly searchDomainName?: string;
}

/** What ops watch: the ops topic, the alarms that notify it, and the dashboard. */
export class ObservabilityStack extends Stack {
  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const name = (n: string) => resourceName(props.app, props.stage, n);
    // Powertools publishes every function's metrics under the app's name.
    const reviewServiceLevel = props.reviewServiceLevel && {
      ...props.reviewServiceLevel,
      namespace: props.app,
      thresholdMinutes: props.settings.alarms.reviewWaitMinutes,
    };
    const search = props.searchDomainName
      ? {
          domainName: props.searchDomainName,
          account: this.account,
          volumeGb: props.settings.search.volumeGb,
        }
      : undefined;
    const ops = new OpsTopic(this, "Ops", {
      topicName: name("ops"),
      encrypt: props.settings.encryptOpsTopic,
      email: props.settings.opsEmail,
    });
    const alarms = new PlatformAlarms(this, "Alarms", {
      alarmName: name,
      topic: ops.topic,
      httpApi: props.httpApi,
      functions: props.functions,
      deadLetterQueues: props.deadLetterQueues,
      jobQueues: props.jobQueues,
      api5xxRatePercent: props.settings.alarms.api5xxRatePercent,
      apiP99LatencyMs: props.settings.alarms.apiP99LatencyMs,
      frontDoorMetrics: { namespace: props.app, domains: props.frontDoorDomains ?? [] },
      reviewServiceLevel,
      search,
    });
    new PlatformDashboard(this, "Dashboard", {
      dashboardName: name("platform"),
      httpApi: props.httpApi,
      functions: props.functions,
      deadLetterQueues: props.deadLetterQueues,
      jobQueues: props.jobQueues,
      services: props.services,
      alarms: alarms.alarms,
      reviewServiceLevel,
      search,
    });
    new CfnOutput(this, "OpsTopicArn", { value: ops.topic.topicArn, description: "Subscribe on-call here." });
  }
}
