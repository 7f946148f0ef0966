import { Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import {
  AdjustmentType,
  MetricAggregationType,
  ScalableTarget,
  ServiceNamespace,
  StepScalingAction,
} from "aws-cdk-lib/aws-applicationautoscaling";
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { ApplicationScalingAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { SubnetType } from "aws-cdk-lib/aws-ec2";
import {
  Cluster,
  ContainerDependencyCondition,
  ContainerImage,
  ContainerInsights,
  CpuArchitecture,
  FargateService,
  FargateTaskDefinition,
  FirelensLogRouterType,
  LogDrivers,
  OperatingSystemFamily,
  PropagatedTagSource,
} from "aws-cdk-lib/aws-ecs";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { type ILogGroup, LogGroup } from "aws-cdk-lib/aws-logs";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import {
  CONTAINER_SCALING,
  scaleOutSteps,
  scales,
  taskCountOf,
} from "#shared/platform/declaration/container-scaling";
import { containerEnvironment } from "#shared/platform/declaration/environment";
import { functionIds, runtimeEnvironment } from "#shared/platform/declaration/functions";
import type { ContainerConsumerDeclaration } from "#shared/platform/declaration/types";
import { pascalCase } from "../naming.ts";
import { grantBindings, nagArn } from "./binding-grants.ts";
import { consumerImage } from "./container-image.ts";
import { REPO_ROOT, type SharedFunctionProps } from "./platform-function.ts";
import { locatorFor, networkOf, queueNamed, searchOf } from "./platform-resources.ts";

/**
 * How long ECS waits after SIGTERM before it kills a consumer: Fargate's maximum. On SIGTERM a consumer
 * stops receiving and finishes or releases (visibility 0) the jobs it holds, well within this.
 */
export const CONSUMER_STOP_TIMEOUT = Duration.seconds(120);

/**
 * The log router beside each consumer: AWS for Fluent Bit, from its public gallery, at the tag AWS
 * recommends for production (the newest release that has run two weeks without a known issue).
 */
export const LOG_ROUTER_IMAGE = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable";

/**
 * Fluent Bit's `cloudwatch_logs` output as FireLens renders it for a consumer: the container's own
 * line (`log_key`), not FireLens's record around it, into the consumer's log group, marked
 * `json/emf` so CloudWatch Logs extracts the Powertools metrics (embedded metric format) it prints.
 * The awslogs driver sends no such mark.
 */
export function consumerLogOptions(logGroupName: string, region: string): Record<string, string> {
  return {
    Name: "cloudwatch_logs",
    region,
    log_group_name: logGroupName,
    log_stream_prefix: "consumer/",
    log_key: "log",
    log_format: "json/emf",
    auto_create_group: "false",
  };
}

export interface ContainerConsumersProps {
  readonly declarations: readonly ContainerConsumerDeclaration[];
  /** Physical name of a resource from its id (`consumer-<name>`, `workers`). */
  readonly physicalName: (name: string) => string;
  /**
   * The stage's metrics namespace, log level and retention, and the resources bindings resolve
   * against; their `network` is the VPC the tasks run in.
   */
  readonly runtime: SharedFunctionProps;
}

/**
 * The declared long-running consumers: one ECS Fargate service each, on one cluster (Container
 * Insights on) in the platform's VPC (`PlatformNetwork`), whose tasks sit in private subnets and leave
 * through NAT or, with no NAT gateway, in public subnets with a public IP and no inbound rule; a
 * consumer bound to search also joins the search clients' security group. Each service
 * runs an arm64 task of the declared size whose image is the consumer's entry, bundled at synth as
 * functions are; it gets the environment `containerEnvironment` gives (its bindings' variables, its
 * queue's URL, job timeout and concurrency) plus the Powertools variables, a task role holding exactly
 * its bindings, consume rights on its queue and task scale-in protection on its cluster's tasks
 * (`grantTaskProtection`), and deploys behind a circuit breaker that rolls a
 * failing deployment back. Its output goes through a FireLens log router (`consumerLogOptions`), so
 * the metrics it prints reach CloudWatch as Lambda's do. A service declared with a task range scales as
 * `CONTAINER_SCALING` says, by step policies on CloudWatch's one-minute SQS metrics.
 */
export class ContainerConsumers extends Construct {
  readonly cluster: Cluster;
  /** Every service by its consumer id (`consumer-<name>`). */
  readonly services = new Map<string, FargateService>();

  constructor(scope: Construct, id: string, props: ContainerConsumersProps) {
    super(scope, id);
    const { runtime } = props;
    const { resources } = runtime;
    const removalPolicy = runtime.logRemovalPolicy ?? RemovalPolicy.DESTROY;

    const network = networkOf(resources);
    const taskSubnets = network.workloadSubnets;
    this.cluster = new Cluster(this, "Cluster", {
      clusterName: props.physicalName("workers"),
      vpc: network.vpc,
      containerInsightsV2: ContainerInsights.ENABLED,
    });

    for (const declaration of props.declarations) {
      const consumerId = functionIds.consumer(declaration.name);
      const name = props.physicalName(consumerId);
      const prefix = pascalCase(declaration.name);
      const queue = queueNamed(resources, declaration.queue);

      const taskRole = new Role(this, `${prefix}TaskRole`, {
        assumedBy: new ServicePrincipal("ecs-tasks.amazonaws.com"),
        description: `Runs ${name}; holds only its declared bindings, consume rights on its queue and its task protection.`,
      });
      grantBindings(taskRole, declaration.bindings ?? {}, resources);
      queue.grantConsumeMessages(taskRole);
      this.grantTaskProtection(taskRole);

      const taskDefinition = new FargateTaskDefinition(this, `${prefix}Task`, {
        family: name,
        cpu: declaration.cpu,
        memoryLimitMiB: declaration.memoryMb,
        runtimePlatform: {
          cpuArchitecture: CpuArchitecture.ARM64,
          operatingSystemFamily: OperatingSystemFamily.LINUX,
        },
        taskRole,
      });
      const logGroup = new LogGroup(this, `${prefix}Logs`, {
        logGroupName: `/ecs/${name}`,
        retention: runtime.logRetention,
        removalPolicy,
      });
      const router = this.addLogRouter(taskDefinition, logGroup);
      logGroup.grantWrite(taskRole);
      const consumer = taskDefinition.addContainer("Consumer", {
        containerName: "consumer",
        image: consumerImage(this, { entry: `${REPO_ROOT}${declaration.entry}`, name: declaration.name }),
        logging: LogDrivers.firelens({
          options: consumerLogOptions(logGroup.logGroupName, Stack.of(this).region),
        }),
        stopTimeout: CONSUMER_STOP_TIMEOUT,
        environment: {
          ...runtimeEnvironment({
            app: runtime.metricsNamespace,
            service: declaration.name,
            logLevel: runtime.logLevel ?? "INFO",
          }),
          ...containerEnvironment(declaration, locatorFor(resources)),
        },
      });
      consumer.addContainerDependencies({ container: router, condition: ContainerDependencyCondition.START });

      Validations.of(taskDefinition).acknowledge({
        id: "AwsSolutions-ECS2",
        reason:
          "The environment holds only the stage, resource names and URLs, secret ARNs, the stage's model choices (synth refuses a key in them), the consumer's limits and log settings (the variables functions get, from environmentFor); secret values are read from Secrets Manager at run time.",
      });
      Validations.of(taskDefinition.obtainExecutionRole()).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason:
          "ecr:GetAuthorizationToken, which pulling the consumer's image needs, supports no resource-level permissions; the pull itself is limited to the CDK assets repository.",
      });

      const scaled = scales(declaration);
      const service = new FargateService(this, `${prefix}Service`, {
        serviceName: name,
        cluster: this.cluster,
        taskDefinition,
        // A scaled service's count is the policy's: a deployment that set it would undo a scale-out.
        ...(scaled ? {} : { desiredCount: taskCountOf(declaration).min }),
        vpcSubnets: { subnetType: taskSubnets },
        // A consumer bound to search calls out from the group the domain admits; any other gets a
        // group of its own. Neither admits anything inbound.
        ...(declaration.bindings?.search
          ? { securityGroups: [searchOf(resources).clientSecurityGroup] }
          : {}),
        // The service's own security group has no inbound rule: the task only calls out.
        assignPublicIp: taskSubnets === SubnetType.PUBLIC,
        // A new task set starts before the old one stops, so the queue is never left unread.
        minHealthyPercent: 100,
        maxHealthyPercent: 200,
        circuitBreaker: { enable: true, rollback: true },
        propagateTags: PropagatedTagSource.SERVICE,
        enableECSManagedTags: true,
      });
      if (scaled) this.scale(prefix, service, declaration, queue);
      this.services.set(consumerId, service);
    }
  }

  /**
   * `ecs:UpdateTaskProtection`, which the ECS agent calls with the task role when the consumer turns
   * its scale-in protection on or off (`$ECS_AGENT_URI/task-protection/v1/state`), on this cluster's
   * tasks only. A task's id is known only once it runs, and IAM has no variable for the calling task,
   * so the task part of the ARN stays open. No `GetTaskProtection`: the consumer never reads its state.
   */
  private grantTaskProtection(taskRole: Role): void {
    this.cluster.grantTaskProtection(taskRole);
    Validations.of(taskRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagArn(taskRole, this.cluster.arnForTasks("*"))}]`,
      reason:
        "Task scale-in protection names the task, whose id exists only once it runs: the grant is UpdateTaskProtection alone, on the tasks of this cluster.",
    });
  }

  /**
   * The task's FireLens log router (Fluent Bit), essential, logging its own output to the consumer's
   * log group through awslogs (stream prefix `log-router`) so a routing fault is visible.
   */
  private addLogRouter(taskDefinition: FargateTaskDefinition, logGroup: ILogGroup) {
    return taskDefinition.addFirelensLogRouter("LogRouter", {
      containerName: "log-router",
      image: ContainerImage.fromRegistry(LOG_ROUTER_IMAGE),
      essential: true,
      memoryReservationMiB: 50,
      firelensConfig: { type: FirelensLogRouterType.FLUENTBIT, options: { enableECSLogMetadata: false } },
      logging: LogDrivers.awsLogs({ logGroup, streamPrefix: "log-router" }),
    });
  }

  /**
   * The scaling rule of `CONTAINER_SCALING`: jobs waiting in the queue add tasks (`scaleOutSteps`);
   * once the queue has held no job, waiting or in flight, for the idle time, the service returns to
   * its minimum: no scale-in while jobs come and go.
   */
  private scale(
    prefix: string,
    service: FargateService,
    declaration: ContainerConsumerDeclaration,
    queue: IQueue,
  ): void {
    const { min, max } = taskCountOf(declaration);
    const period = Duration.seconds(CONTAINER_SCALING.periodSeconds);
    const target = new ScalableTarget(this, `${prefix}Tasks`, {
      serviceNamespace: ServiceNamespace.ECS,
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: `service/${this.cluster.clusterName}/${service.serviceName}`,
      minCapacity: min,
      maxCapacity: max,
    });
    target.node.addDependency(service);

    const waiting = queue.metricApproximateNumberOfMessagesVisible({ statistic: "Maximum", period });
    const scaleOut = new StepScalingAction(this, `${prefix}ScaleOut`, {
      scalingTarget: target,
      adjustmentType: AdjustmentType.CHANGE_IN_CAPACITY,
      cooldown: Duration.seconds(CONTAINER_SCALING.cooldownSeconds),
      metricAggregationType: MetricAggregationType.MAXIMUM,
    });
    // The alarm fires at one waiting job; each step's bounds are relative to that threshold.
    for (const step of scaleOutSteps(declaration)) {
      scaleOut.addAdjustment({
        adjustment: step.tasks,
        lowerBound: step.lower - 1,
        ...(step.upper === undefined ? {} : { upperBound: step.upper - 1 }),
      });
    }
    new Alarm(this, `${prefix}JobsWaiting`, {
      alarmDescription: `Jobs wait in ${declaration.queue}: ${service.serviceName} adds tasks.`,
      metric: waiting,
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new ApplicationScalingAction(scaleOut));

    const scaleIn = new StepScalingAction(this, `${prefix}ScaleIn`, {
      scalingTarget: target,
      adjustmentType: AdjustmentType.EXACT_CAPACITY,
      metricAggregationType: MetricAggregationType.MAXIMUM,
    });
    scaleIn.addAdjustment({ adjustment: min, upperBound: 0 });
    const jobs = new MathExpression({
      expression: "waiting + inFlight",
      usingMetrics: {
        waiting,
        inFlight: queue.metricApproximateNumberOfMessagesNotVisible({ statistic: "Maximum", period }),
      },
      period,
      label: `Jobs in ${declaration.queue}`,
    });
    new Alarm(this, `${prefix}QueueIdle`, {
      alarmDescription: `${declaration.queue} has held no job for ${CONTAINER_SCALING.idleSeconds / 60} minutes: ${service.serviceName} returns to ${min} task(s).`,
      metric: jobs,
      threshold: 0,
      comparisonOperator: ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: CONTAINER_SCALING.idleSeconds / CONTAINER_SCALING.periodSeconds,
      // A gap is not evidence of an empty queue: keep the tasks.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new ApplicationScalingAction(scaleIn));
  }
}
