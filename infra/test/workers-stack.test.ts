import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { OFFLINE_EVERYWHERE } from "#shared/adapters/llm/model-config";
import { platform } from "#shared/contracts/platform";
import {
  CONTAINER_SCALING,
  scaleOutSteps,
  scales,
  taskCountOf,
} from "#shared/platform/declaration/container-scaling";
import { consumerEnvNames, containerEnvironment } from "#shared/platform/declaration/environment";
import { functionIds } from "#shared/platform/declaration/functions";
import { resourceName } from "#shared/platform/declaration/naming";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { CONSUMER_STOP_TIMEOUT } from "../lib/constructs/container-consumers.ts";
import { CONSUMER_BASE_IMAGE } from "../lib/constructs/container-image.ts";
import { fixtureDeclaration } from "./fixtures/declaration.ts";
import { consumerContainerOf } from "./support/container-definitions.ts";
import { declaredFunctions, expectPlatformFunctionDefaults } from "./support/function-expectations.ts";
import { resourcesOf, type SynthesizedApp, synthPlatform } from "./support/synth-platform.ts";
import {
  actionsOf,
  policyStatementsOf,
  referenceTo,
  resourceAt,
  resourcesOfStatement,
} from "./support/template-references.ts";

/** What consuming a queue takes, and nothing a consumer should lack. */
const CONSUME_ACTIONS = [
  "sqs:ReceiveMessage",
  "sqs:DeleteMessage",
  "sqs:ChangeMessageVisibility",
  "sqs:GetQueueAttributes",
];
/** The visibility timeout SQS gives a queue that does not set one. */
const SQS_DEFAULT_VISIBILITY_TIMEOUT = 30;

interface SynthesizedQueue {
  logicalId: string;
  /** Physical name, e.g. `leadmetrics-dev-blog-writer`. */
  name: string;
  properties: Record<string, unknown>;
}

/** A consumer of a queue as the templates show it. */
interface QueueConsumer {
  /** Physical name of the function or the Fargate service. */
  name: string;
  timeoutSeconds: number;
  batchingWindowSeconds: number;
}

/**
 * The job side of one synthesized platform, read from its templates alone: the queues (Data), the
 * consumers (Workers) and the alarms (Observability). The declaration supplies expected values only.
 */
class JobPlatform {
  readonly data: Template;
  readonly workers: Template | undefined;
  readonly observability: Template;
  readonly queues: SynthesizedQueue[];

  constructor(
    readonly app: SynthesizedApp,
    readonly declaration: PlatformDeclaration,
    readonly stage = "dev",
  ) {
    this.data = app.template(app.stacks.data);
    this.workers = app.stacks.workers && app.template(app.stacks.workers);
    this.observability = app.template(app.stacks.observability);
    this.queues = resourcesOf(this.data, "AWS::SQS::Queue").map(([logicalId, queue]) => ({
      logicalId,
      name: String(queue.Properties.QueueName),
      properties: queue.Properties,
    }));
  }

  physical(name: string): string {
    return resourceName(this.declaration.app, this.stage, name);
  }

  /** The queue (of the Data stack) a value of another template imports, or undefined. */
  queueOf(value: unknown, attribute: string): SynthesizedQueue | undefined {
    const ref = referenceTo(value, this.data);
    if (ref?.attribute !== attribute) return undefined;
    return this.queues.find((q) => q.logicalId === ref.logicalId);
  }

  /**
   * Dead-letter queues: every queue a redrive policy names, and every queue the declaration declares
   * as a DLQ itself (no `maxReceiveCount`, e.g. `events-dlq`).
   */
  get deadLetterQueues(): SynthesizedQueue[] {
    const targets = new Set(
      this.queues.flatMap((q) => {
        const policy = q.properties.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined;
        const target = referenceTo(policy?.deadLetterTargetArn);
        return target ? [target.logicalId] : [];
      }),
    );
    const declared = new Set(
      this.declaration.queues
        .filter((q) => q.maxReceiveCount === undefined)
        .map((q) => this.physical(q.name)),
    );
    return this.queues.filter((q) => targets.has(q.logicalId) || declared.has(q.name));
  }

  get jobQueues(): SynthesizedQueue[] {
    const dlqs = new Set(this.deadLetterQueues.map((q) => q.logicalId));
    return this.queues.filter((q) => !dlqs.has(q.logicalId));
  }

  get mappings(): [string, { Properties: Record<string, unknown> }][] {
    return this.workers ? resourcesOf(this.workers, "AWS::Lambda::EventSourceMapping") : [];
  }

  lambdaBehind(mapping: { Properties: Record<string, unknown> }): { Properties: Record<string, unknown> } {
    if (!this.workers) throw new Error("an event-source mapping outside the Workers stack");
    return resourceAt(this.workers, mapping.Properties.FunctionName);
  }

  get taskDefinitions(): [string, { Properties: Record<string, unknown> }][] {
    return this.workers ? resourcesOf(this.workers, "AWS::ECS::TaskDefinition") : [];
  }

  /**
   * Every consumer of a queue: the Lambda behind each mapping on it (its timeout, the mapping's
   * batching window), and each Fargate task whose consumer reads it (`CONSUMER_QUEUE_URL`), with the
   * job timeout the task is given (`CONSUMER_JOB_TIMEOUT_SECONDS`).
   */
  consumersOf(queue: SynthesizedQueue): QueueConsumer[] {
    const lambdas = this.mappings
      .filter(([, m]) => this.queueOf(m.Properties.EventSourceArn, "Arn")?.logicalId === queue.logicalId)
      .map(([, m]) => {
        const fn = this.lambdaBehind(m).Properties;
        return {
          name: String(fn.FunctionName),
          timeoutSeconds: Number(fn.Timeout),
          batchingWindowSeconds: Number(m.Properties.MaximumBatchingWindowInSeconds ?? 0),
        };
      });
    const containers = this.taskDefinitions
      .filter(([, task]) => {
        const env = environmentOf(task);
        return this.queueOf(env[consumerEnvNames.queueUrl], "Ref")?.logicalId === queue.logicalId;
      })
      .map(([, task]) => ({
        name: String(task.Properties.Family),
        timeoutSeconds: Number(environmentOf(task)[consumerEnvNames.jobTimeoutSeconds]),
        batchingWindowSeconds: 0,
      }));
    return [...lambdas, ...containers];
  }
}

/** The environment of a task definition's consumer container (not its log router), by name. */
function environmentOf(task: { Properties: Record<string, unknown> } | undefined): Record<string, unknown> {
  const container = consumerContainerOf(task);
  return Object.fromEntries((container?.Environment ?? []).map((e) => [e.Name, e.Value]));
}

const cases: [string, PlatformDeclaration][] = [
  ["the fixture declaration", fixtureDeclaration],
  ["the real declaration", platform],
];
const synthesized = new Map<PlatformDeclaration, JobPlatform>();
const jobs = (declaration: PlatformDeclaration): JobPlatform => {
  const found = synthesized.get(declaration);
  if (!found) throw new Error("not synthesized");
  return found;
};

beforeAll(() => {
  for (const [, declaration] of cases) {
    synthesized.set(declaration, new JobPlatform(synthPlatform({ declaration }), declaration));
  }
});

describe.each(cases)("the job queues of %s", (_, declaration) => {
  it("are every declared queue and DLQ, and the checks below have queues to check", () => {
    const platform = jobs(declaration);
    expect(platform.queues.length).toBeGreaterThan(0);
    expect(platform.jobQueues.map((q) => q.name).sort()).toEqual(
      declaration.queues
        .filter((q) => q.maxReceiveCount !== undefined)
        .map((q) => platform.physical(q.name))
        .sort(),
    );
    // A DLQ per job queue, plus the queues declared as DLQs themselves.
    expect(platform.deadLetterQueues).toHaveLength(
      platform.jobQueues.length + declaration.queues.filter((q) => q.maxReceiveCount === undefined).length,
    );
  });

  it("each move a message to a DLQ of their own after the declared receives (5 for every agent queue)", () => {
    const platform = jobs(declaration);
    const dlqs = new Set(platform.deadLetterQueues.map((q) => q.logicalId));
    const targets = new Set<string>();
    for (const queue of platform.jobQueues) {
      const policy = queue.properties.RedrivePolicy as
        | { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown }
        | undefined;
      const target = referenceTo(policy?.deadLetterTargetArn);
      expect(target?.attribute, `${queue.name} redrives to a queue's ARN`).toBe("Arn");
      expect(dlqs.has(target?.logicalId ?? ""), `${queue.name}'s redrive target is a DLQ`).toBe(true);
      expect(targets.has(target?.logicalId ?? ""), `${queue.name} shares its DLQ`).toBe(false);
      targets.add(target?.logicalId ?? "");
      const declared = declaration.queues.find((q) => platform.physical(q.name) === queue.name);
      expect(policy?.maxReceiveCount, queue.name).toBe(declared?.maxReceiveCount);
      if (declared?.name.startsWith("agent-")) expect(policy?.maxReceiveCount, queue.name).toBe(5);
    }
  });

  it("are all encrypted, SQS-managed or with KMS", () => {
    for (const queue of jobs(declaration).queues) {
      const encrypted =
        queue.properties.SqsManagedSseEnabled === true || queue.properties.KmsMasterKeyId !== undefined;
      expect(encrypted, `${queue.name} is encrypted`).toBe(true);
    }
  });

  it("each have one consumer, and hold a message for six of its timeouts plus its batching window", () => {
    const platform = jobs(declaration);
    for (const queue of platform.queues) {
      const consumers = platform.consumersOf(queue);
      const isJobQueue = platform.jobQueues.includes(queue);
      if (isJobQueue)
        expect(
          consumers.map((c) => c.name),
          `${queue.name} has one consumer`,
        ).toHaveLength(1);
      else expect(consumers.length, `${queue.name} has at most one consumer`).toBeLessThanOrEqual(1);
      const visibility = Number(queue.properties.VisibilityTimeout ?? SQS_DEFAULT_VISIBILITY_TIMEOUT);
      for (const consumer of consumers) {
        expect(
          visibility,
          `${queue.name}'s visibility timeout against 6 × ${consumer.name}'s ${consumer.timeoutSeconds}s + ${consumer.batchingWindowSeconds}s`,
        ).toBeGreaterThanOrEqual(6 * consumer.timeoutSeconds + consumer.batchingWindowSeconds);
      }
    }
  });

  it("have DLQs that each raise an alarm to the ops topic when they hold a message", () => {
    const platform = jobs(declaration);
    const topics = resourcesOf(platform.observability, "AWS::SNS::Topic");
    const [topicId] = topics.find(([, t]) => t.Properties.TopicName === platform.physical("ops")) ?? [];
    expect(topicId, "the ops topic").toBeDefined();
    const alarms = resourcesOf(platform.observability, "AWS::CloudWatch::Alarm").map(([, a]) => a.Properties);
    expect(platform.deadLetterQueues.length).toBeGreaterThan(0);
    for (const dlq of platform.deadLetterQueues) {
      const alarm = alarms.find(
        (a) =>
          a.Namespace === "AWS/SQS" &&
          a.MetricName === "ApproximateNumberOfMessagesVisible" &&
          (a.Dimensions as { Name: string; Value: unknown }[]).some(
            (d) => d.Name === "QueueName" && platform.queueOf(d.Value, "QueueName") === dlq,
          ),
      );
      expect(alarm, `an alarm on ${dlq.name}`).toBeDefined();
      expect(alarm).toMatchObject({
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
        AlarmActions: [{ Ref: topicId }],
      });
    }
  });
});

describe.each(cases)("the Workers stack of %s", (_, declaration) => {
  const hasConsumers = declaration.queueFunctions.length > 0 || declaration.containers.length > 0;

  it("exists exactly when the declaration has a consumer", () => {
    expect(jobs(declaration).workers !== undefined).toBe(hasConsumers);
  });

  it("maps each declared queue function to each of its queues, batching as declared, reporting partial failures", () => {
    const platform = jobs(declaration);
    const mapped: string[] = [];
    for (const [logicalId, mapping] of platform.mappings) {
      const fn = platform.lambdaBehind(mapping).Properties;
      const declared = declaration.queueFunctions.find(
        (q) => platform.physical(functionIds.consumer(q.name)) === fn.FunctionName,
      );
      expect(declared, `${logicalId} feeds a declared queue function`).toBeDefined();
      const queue = platform.queueOf(mapping.Properties.EventSourceArn, "Arn");
      expect(queue, `${logicalId} reads a queue of the Data stack`).toBeDefined();
      expect(mapping.Properties, logicalId).toMatchObject({
        FunctionResponseTypes: ["ReportBatchItemFailures"],
        ScalingConfig: { MaximumConcurrency: declared?.maxConcurrency },
        BatchSize: declared?.batchSize,
        MaximumBatchingWindowInSeconds: declared?.maxBatchingWindowSeconds,
      });
      mapped.push(`${fn.FunctionName} <- ${queue?.name}`);
    }
    expect(mapped.sort()).toEqual(
      declaration.queueFunctions
        .flatMap((q) =>
          q.queues.map(
            (queue) => `${platform.physical(functionIds.consumer(q.name))} <- ${platform.physical(queue)}`,
          ),
        )
        .sort(),
    );
  });

  it("lets each queue function receive, delete and change visibility on exactly its queues", () => {
    const platform = jobs(declaration);
    for (const [, fn] of platform.workers ? resourcesOf(platform.workers, "AWS::Lambda::Function") : []) {
      const declared = declaration.queueFunctions.find(
        (q) => platform.physical(functionIds.consumer(q.name)) === fn.Properties.FunctionName,
      );
      const role = referenceTo(fn.Properties.Role);
      if (!declared || !platform.workers || !role)
        throw new Error(`${fn.Properties.FunctionName} is undeclared`);
      const receiving = policyStatementsOf(platform.workers, role.logicalId).filter((s) =>
        actionsOf(s).includes("sqs:ReceiveMessage"),
      );
      for (const statement of receiving)
        expect(actionsOf(statement)).toEqual(expect.arrayContaining(CONSUME_ACTIONS));
      const queues = receiving.flatMap((s) =>
        resourcesOfStatement(s).map((r) => platform.queueOf(r, "Arn")?.name),
      );
      expect(queues.sort()).toEqual(declared.queues.map((q) => platform.physical(q)).sort());
    }
  });

  it("gives every queue function the platform defaults", () => {
    const platform = jobs(declaration);
    const checked = platform.workers
      ? expectPlatformFunctionDefaults(platform.workers, declaredFunctions(declaration, "dev"), 14)
      : [];
    expect(checked).toEqual(
      declaration.queueFunctions.map((q) => platform.physical(functionIds.consumer(q.name))).sort(),
    );
  });

  it("runs each declared container as a Fargate service of the declared size, reading its queue", () => {
    const platform = jobs(declaration);
    const services = platform.workers ? resourcesOf(platform.workers, "AWS::ECS::Service") : [];
    expect(services.map(([, s]) => s.Properties.ServiceName).sort()).toEqual(
      declaration.containers.map((c) => platform.physical(functionIds.consumer(c.name))).sort(),
    );
    for (const [, service] of services) {
      const container = declaration.containers.find(
        (c) => platform.physical(functionIds.consumer(c.name)) === service.Properties.ServiceName,
      );
      if (!container || !platform.workers) throw new Error(`${service.Properties.ServiceName} is undeclared`);
      const name = String(service.Properties.ServiceName);
      const task = resourceAt(platform.workers, service.Properties.TaskDefinition);
      expect(task.Properties.Family, name).toBe(name);
      const tasks = taskCountOf(container);
      // A scaled service's count is its policy's alone: a deployment leaves it where it is.
      expect(service.Properties.DesiredCount, name).toBe(tasks.max > tasks.min ? undefined : tasks.min);
      // Its network and log routing: workers-network.test.ts.
      expect(service.Properties, name).toMatchObject({
        LaunchType: "FARGATE",
        DeploymentConfiguration: {
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
          MinimumHealthyPercent: 100,
        },
      });
      expect(task.Properties, name).toMatchObject({
        Cpu: String(container.cpu),
        Memory: String(container.memoryMb),
        RequiresCompatibilities: ["FARGATE"],
        RuntimePlatform: { CpuArchitecture: "ARM64", OperatingSystemFamily: "LINUX" },
      });
      const definition = consumerContainerOf(task);
      expect(definition?.StopTimeout, name).toBe(CONSUMER_STOP_TIMEOUT.toSeconds());
      expect(definition?.LogConfiguration?.LogDriver, name).toBe("awsfirelens");
      const env = environmentOf(task);
      expect(platform.queueOf(env[consumerEnvNames.queueUrl], "Ref")?.name, name).toBe(
        platform.physical(container.queue),
      );
      expect(env[consumerEnvNames.jobTimeoutSeconds], name).toBe(String(container.timeoutSeconds));
      expect(env[consumerEnvNames.concurrency], name).toBe(String(container.concurrency));
      const expected = containerEnvironment(container, {
        stage: "dev",
        tableName: "",
        eventBusName: "",
        starterCredits: 25,
        accessTokenTtlSeconds: 900,
        queueUrl: () => "",
        secretId: () => "",
        agentModels: JSON.stringify(OFFLINE_EVERYWHERE),
        searchEndpoint: "https://search",
      });
      expect(Object.keys(env).sort(), name).toEqual(
        [
          ...Object.keys(expected),
          "POWERTOOLS_SERVICE_NAME",
          "POWERTOOLS_METRICS_NAMESPACE",
          "POWERTOOLS_LOG_LEVEL",
          "NODE_OPTIONS",
        ].sort(),
      );
      expect(env.POWERTOOLS_SERVICE_NAME, name).toBe(container.name);

      const logGroup = resourceAt(platform.workers, definition?.LogConfiguration?.Options.log_group_name);
      expect(logGroup.Properties, `${name}'s log group`).toMatchObject({ RetentionInDays: 14 });

      const role = resourceAt(platform.workers, task.Properties.TaskRoleArn);
      const receiving = policyStatementsOf(platform.workers, role.logicalId).filter((s) =>
        actionsOf(s).includes("sqs:ReceiveMessage"),
      );
      for (const statement of receiving)
        expect(actionsOf(statement)).toEqual(expect.arrayContaining(CONSUME_ACTIONS));
      expect(
        receiving.flatMap((s) => resourcesOfStatement(s).map((r) => platform.queueOf(r, "Arn")?.name)),
      ).toEqual([platform.physical(container.queue)]);
    }
  });

  it("lets each container's task role turn its task's scale-in protection on and off, on its cluster's tasks, and no other ECS action", () => {
    const platform = jobs(declaration);
    const services = platform.workers ? resourcesOf(platform.workers, "AWS::ECS::Service") : [];
    for (const [, service] of services) {
      if (!platform.workers) throw new Error("no Workers stack");
      const name = String(service.Properties.ServiceName);
      const task = resourceAt(platform.workers, service.Properties.TaskDefinition);
      const role = resourceAt(platform.workers, task.Properties.TaskRoleArn);
      const ecs = policyStatementsOf(platform.workers, role.logicalId).filter((s) =>
        actionsOf(s).some((action) => action.startsWith("ecs:")),
      );
      expect(
        ecs.map((s) => actionsOf(s)),
        name,
      ).toEqual([["ecs:UpdateTaskProtection"]]);
      const [statement] = ecs;
      expect(statement?.Effect, name).toBe("Allow");
      const resources = statement ? resourcesOfStatement(statement) : [];
      expect(resources, name).toHaveLength(1);
      const cluster = referenceTo(service.Properties.Cluster)?.logicalId;
      // arn:<partition>:ecs:<region>:<account>:task/<this service's cluster>/*, references as <Id>.
      const join = (resources[0] as { "Fn::Join"?: [string, unknown[]] })["Fn::Join"];
      const arn = (join?.[1] ?? [])
        .map((part) => (typeof part === "string" ? part : `<${referenceTo(part)?.logicalId}>`))
        .join("");
      expect(arn, name).toMatch(
        new RegExp(
          `^arn:(aws|<AWS::Partition>):ecs:([a-z0-9-]+|<AWS::Region>):<AWS::AccountId>:task/<${cluster}>/\\*$`,
        ),
      );
    }
    expect(services.length).toBe(declaration.containers.length);
  });

  it("scales a service declared with a task range: waiting jobs add tasks, an idle queue returns it to its minimum", () => {
    const platform = jobs(declaration);
    if (!platform.workers) throw new Error("no Workers stack");
    const workers = platform.workers;
    const targets = resourcesOf(workers, "AWS::ApplicationAutoScaling::ScalableTarget");
    const policies = resourcesOf(workers, "AWS::ApplicationAutoScaling::ScalingPolicy");
    const alarms = resourcesOf(workers, "AWS::CloudWatch::Alarm");
    const scaled = declaration.containers.filter((c) => scales(c));
    expect(scaled.length, "the declaration has a scaled container").toBeGreaterThan(0);
    expect(targets).toHaveLength(scaled.length);
    for (const container of scaled) {
      const name = platform.physical(functionIds.consumer(container.name));
      const queue = platform.physical(container.queue);
      const [serviceId] =
        resourcesOf(workers, "AWS::ECS::Service").find(([, svc]) => svc.Properties.ServiceName === name) ??
        [];
      // The target's resource id is `service/<cluster>/<service name>`, the name taken from the service.
      const [targetId, target] =
        targets.find(([, t]) => JSON.stringify(t.Properties.ResourceId).includes(`"${serviceId}"`)) ?? [];
      if (!targetId || !target) throw new Error(`${name} has no scalable target`);
      const { min, max } = taskCountOf(container);
      expect(target.Properties, name).toMatchObject({
        ServiceNamespace: "ecs",
        ScalableDimension: "ecs:service:DesiredCount",
        MinCapacity: min,
        MaxCapacity: max,
      });
      const mine = policies
        .filter(([, p]) => referenceTo(p.Properties.ScalingTargetId)?.logicalId === targetId)
        .map(([policyId, policy]) => {
          const [, alarm] =
            alarms.find(([, a]) =>
              (a.Properties.AlarmActions as unknown[]).some((x) => referenceTo(x)?.logicalId === policyId),
            ) ?? [];
          if (!alarm) throw new Error(`no alarm acts on ${policyId}`);
          return {
            config: policy.Properties.StepScalingPolicyConfiguration as {
              AdjustmentType: string;
              Cooldown?: number;
              StepAdjustments: {
                MetricIntervalLowerBound?: number;
                MetricIntervalUpperBound?: number;
                ScalingAdjustment: number;
              }[];
            },
            alarm: alarm.Properties,
          };
        });
      expect(mine.map((p) => p.config.AdjustmentType).sort(), name).toEqual([
        "ChangeInCapacity",
        "ExactCapacity",
      ]);
      const queueOfMetric = (metric: { Dimensions: { Name: string; Value: unknown }[] }) =>
        platform.queueOf(metric.Dimensions.find((d) => d.Name === "QueueName")?.Value, "QueueName")?.name;

      // Out: one waiting job raises the alarm; each step, back in jobs, adds what scaleOut adds.
      const out = mine.find((p) => p.config.AdjustmentType === "ChangeInCapacity");
      if (!out) throw new Error(`${name} has no scale-out policy`);
      expect(out.alarm, name).toMatchObject({
        MetricName: "ApproximateNumberOfMessagesVisible",
        Statistic: "Maximum",
        Period: CONTAINER_SCALING.periodSeconds,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        Threshold: 1,
        EvaluationPeriods: 1,
      });
      expect(queueOfMetric(out.alarm as never), name).toBe(queue);
      expect(out.config.Cooldown, name).toBe(CONTAINER_SCALING.cooldownSeconds);
      const steps = out.config.StepAdjustments.map((a) => ({
        lower: 1 + (a.MetricIntervalLowerBound ?? Number.NaN),
        ...(a.MetricIntervalUpperBound === undefined ? {} : { upper: 1 + a.MetricIntervalUpperBound }),
        tasks: a.ScalingAdjustment,
      }));
      expect(
        steps.sort((x, y) => x.lower - y.lower),
        name,
      ).toEqual(scaleOutSteps(container));

      // In: only when the queue has held no job, waiting or in flight, for the idle time.
      const idle = mine.find((p) => p.config.AdjustmentType === "ExactCapacity");
      if (!idle) throw new Error(`${name} has no scale-in policy`);
      expect(idle.config.StepAdjustments, name).toEqual([
        { MetricIntervalUpperBound: 0, ScalingAdjustment: min },
      ]);
      expect(idle.alarm, name).toMatchObject({
        ComparisonOperator: "LessThanOrEqualToThreshold",
        Threshold: 0,
        EvaluationPeriods: CONTAINER_SCALING.idleSeconds / CONTAINER_SCALING.periodSeconds,
        TreatMissingData: "notBreaching",
      });
      const metrics = idle.alarm.Metrics as {
        Expression?: string;
        MetricStat?: { Metric: { MetricName: string; Dimensions: { Name: string; Value: unknown }[] } };
      }[];
      expect(metrics.find((m) => m.Expression)?.Expression, name).toBe("waiting + inFlight");
      const stats = metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));
      expect(stats.map((m) => m.MetricName).sort(), name).toEqual([
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesVisible",
      ]);
      for (const metric of stats) expect(queueOfMetric(metric), name).toBe(queue);
    }
  });
  it("alarms on every error and throttle of every queue function", () => {
    const platform = jobs(declaration);
    const names = resourcesOf(platform.observability, "AWS::CloudWatch::Alarm").map(
      ([, a]) => a.Properties.AlarmName,
    );
    for (const q of declaration.queueFunctions) {
      expect(names).toContain(platform.physical(`${functionIds.consumer(q.name)}-errors`));
      expect(names).toContain(platform.physical(`${functionIds.consumer(q.name)}-throttles`));
    }
  });
});

describe("the fixture's consumers", () => {
  it("are what makes the Workers stack: without them there is none", () => {
    const declaration = { ...fixtureDeclaration, queueFunctions: [], containers: [] };
    expect(synthPlatform({ declaration }).stacks.workers).toBeUndefined();
    expect(jobs(fixtureDeclaration).workers).toBeDefined();
  });

  it("cover a job queue read by a Lambda, one read by Fargate, and DLQs read by a Lambda", () => {
    const platform = jobs(fixtureDeclaration);
    const consumed = (queues: SynthesizedQueue[]) => queues.filter((q) => platform.consumersOf(q).length > 0);
    expect(platform.mappings.length).toBeGreaterThan(0);
    expect(
      consumed(platform.jobQueues)
        .map((q) => q.name)
        .sort(),
    ).toEqual(["leadmetrics-dev-blog-writer", "leadmetrics-dev-site-auditor"]);
    expect(
      consumed(platform.deadLetterQueues)
        .map((q) => q.name)
        .sort(),
    ).toEqual(["leadmetrics-dev-blog-writer-dlq", "leadmetrics-dev-site-auditor-dlq"]);
  });

  it("give a DLQ its source queue's visibility timeout, which AWS requires to cover the DLQ consumer's timeout", () => {
    const platform = jobs(fixtureDeclaration);
    const visibility = (name: string) =>
      platform.queues.find((q) => q.name === name)?.properties.VisibilityTimeout;
    expect(visibility("leadmetrics-dev-blog-writer-dlq")).toBe(120);
    expect(visibility("leadmetrics-dev-site-auditor-dlq")).toBe(3600);
  });

  it("build each container's image from an arm64 Docker context staged at synth", () => {
    const platform = jobs(fixtureDeclaration);
    const stack = platform.app.stacks.workers;
    if (!stack) throw new Error("the fixture declares consumers");
    const manifest = JSON.parse(
      readFileSync(join(platform.app.directory, `${stack.artifactId}.assets.json`), "utf8"),
    ) as {
      dockerImages: Record<string, { source: { directory: string; platform?: string } }>;
    };
    const images = Object.values(manifest.dockerImages);
    expect(images).toHaveLength(fixtureDeclaration.containers.length);
    for (const image of images) {
      expect(image.source.platform).toBe("linux/arm64");
      const dockerfile = readFileSync(
        join(platform.app.directory, image.source.directory, "Dockerfile"),
        "utf8",
      );
      expect(dockerfile).toContain(`FROM ${CONSUMER_BASE_IMAGE}`);
    }
  });
});

describe("synth of the Workers stack with bundling", () => {
  it("bundles each consumer into its image's context with esbuild, needing no Docker", () => {
    const app = synthPlatform({
      declaration: fixtureDeclaration,
      bundlingStacks: ["leadmetrics-dev-workers"],
    });
    const stack = app.stacks.workers;
    if (!stack) throw new Error("the fixture declares consumers");
    const manifest = JSON.parse(
      readFileSync(join(app.directory, `${stack.artifactId}.assets.json`), "utf8"),
    ) as {
      dockerImages: Record<string, { source: { directory: string } }>;
    };
    const [image] = Object.values(manifest.dockerImages);
    const context = join(app.directory, image?.source.directory ?? "missing");
    expect(readFileSync(join(context, "Dockerfile"), "utf8").split("\n")).toEqual([
      `FROM ${CONSUMER_BASE_IMAGE}`,
      "ENV NODE_ENV=production",
      "WORKDIR /app",
      "COPY index.mjs* ./",
      "USER node",
      'CMD ["node", "index.mjs"]',
      "",
    ]);
    expect(readFileSync(join(context, "index.mjs"), "utf8")).toContain("SIGTERM");
    expect(existsSync(join(context, "index.mjs.map"))).toBe(true);
  });
});
