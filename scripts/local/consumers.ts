import { GetQueueAttributesCommand, SQSClient, type SQSClientConfig } from "@aws-sdk/client-sqs";
import {
  CONTAINER_SCALING,
  scaleOut,
  scales,
  taskCountOf,
} from "#shared/platform/declaration/container-scaling";
import { containerEnvironment, type ResourceLocator } from "#shared/platform/declaration/environment";
import { functionIds } from "#shared/platform/declaration/functions";
import type {
  ContainerConsumerDeclaration,
  FunctionDeclaration,
  PlatformDeclaration,
  QueueFunctionDeclaration,
} from "#shared/platform/declaration/types";
import type { AwsCallLog } from "./aws-calls.ts";
import { LocalContainerService } from "./container-runner.ts";
import { LocalEcsAgent } from "./ecs-agent.ts";
import { FunctionBundles } from "./function-bundles.ts";
import type { LambdaRuntime, LocalFunction } from "./lambda-runtime.ts";
import type { Log } from "./log.ts";
import { credentialsOf } from "./principals.ts";
import { SQS_ACCOUNT } from "./sqs.ts";
import { SqsEventSourceMapping } from "./sqs-event-source.ts";

/** The queue consumers of a local cloud: Lambda event-source mappings and container services. */
export interface LocalConsumers {
  /** Stops every consumer: mappings stop receiving (in-flight batches finish), containers stop their tasks. */
  pause(): Promise<void>;
  /** Starts them again after `pause()`. */
  resume(): void;
  /** Resolves when no event-source mapping holds a received message (see `SqsEventSourceMapping.idle`). */
  idle(): Promise<void>;
  /** The local service of a declared container consumer, by its declared name. */
  containers(name: string): LocalContainerService;
  /**
   * Stops every consumer as the cloud stops: mappings stop receiving (in-flight batches finish);
   * containers end their idle tasks at once and stop those holding a job as ECS does.
   */
  stop(): Promise<void>;
}

export interface LocalConsumersOptions {
  declaration: PlatformDeclaration;
  /** Where the ECS agent records the calls it makes with a task's role (see `LocalEcsAgent`). */
  calls?: AwsCallLog;
  /** SDK settings that reach the local SQS. */
  sqs: SQSClientConfig;
  region: string;
  root: string;
  locator: ResourceLocator;
  /** Deployed name of a declared resource. */
  nameOf(name: string): string;
  functionOf(fn: FunctionDeclaration): LocalFunction;
  runtime: LambdaRuntime;
  /** The environment of a function (or, by name, of anything else the cloud runs). */
  environmentOf(fn: LocalFunction): Record<string, string>;
  /**
   * How container services declared with a task range scale (`CONTAINER_SCALING`); `false` keeps
   * each at its minimum.
   */
  scaling?: Partial<LocalScaling> | false;
  log: Log;
}

/**
 * Starts one SQS event-source mapping per (queue function, queue) and one container service per
 * container consumer of the declaration. A container gets the environment a function with its bindings
 * gets, plus its queue's URL under the usual name (`QUEUE_URL_<QUEUE>`).
 */
export async function startLocalConsumers(options: LocalConsumersOptions): Promise<LocalConsumers> {
  const { declaration, locator, log } = options;
  const sqs = new SQSClient(options.sqs);
  // A mapping polls with its function's execution role, as Lambda's does: its calls are the function's.
  const mappingClients = declaration.queueFunctions.map(
    (fn) =>
      [
        fn,
        new SQSClient({ ...options.sqs, credentials: credentialsOf(functionIds.consumer(fn.name)) }),
      ] as const,
  );
  const mappings = mappingClients.flatMap(([fn, client]: readonly [QueueFunctionDeclaration, SQSClient]) =>
    fn.queues.map(
      (queue) =>
        new SqsEventSourceMapping({
          fn: options.functionOf(fn),
          queueUrl: locator.queueUrl(queue),
          batchSize: fn.batchSize,
          maxBatchingWindowSeconds: fn.maxBatchingWindowSeconds,
          maxConcurrency: fn.maxConcurrency,
          invoke: (target, event) => options.runtime.invoke(target, event),
          sqs: client,
          region: options.region,
          log,
        }),
    ),
  );
  // The task protection endpoint of the tasks' ECS agent, on the cluster the CDK app names `workers`.
  const agent = await LocalEcsAgent.start({
    region: options.region,
    account: SQS_ACCOUNT,
    cluster: options.nameOf("workers"),
    ...(options.calls === undefined ? {} : { calls: options.calls }),
  });
  // Each container's program is its image's bundle (built once per source change, as a deploy would).
  const bundles = new FunctionBundles(options.root);
  const services = new Map(
    await Promise.all(
      declaration.containers.map(async (container) => {
        const service = new LocalContainerService({
          name: options.nameOf(container.name),
          root: options.root,
          program: await bundles.bundleOf({ entry: container.entry, host: "container" }),
          desiredCount: taskCountOf(container).min,
          environment: {
            ...options.environmentOf({
              // Its deployed name: the task signs as the container consumer's task role.
              name: options.nameOf(functionIds.consumer(container.name)),
              entry: container.entry,
              bindings: container.bindings,
            }),
            ...containerEnvironment(container, locator),
          },
          agent,
          principal: functionIds.consumer(container.name),
          log,
        });
        return [container.name, service] as const;
      }),
    ),
  );

  let paused = false;
  const scaling = options.scaling;
  const scalers =
    scaling === false
      ? []
      : declaration.containers
          .filter((container) => scales(container))
          .map((container) =>
            scaleOnJobs(container, services.get(container.name) as LocalContainerService, {
              sqs,
              queueUrl: locator.queueUrl(container.queue),
              scaling: { ...LOCAL_SCALING, ...scaling },
              paused: () => paused,
              log,
            }),
          );

  const stop = async () => {
    for (const stopScaling of scalers) stopScaling();
    const results = await Promise.allSettled([
      ...mappings.map((m) => m.stop()),
      ...[...services.values()].map((s) => s.stop("teardown")),
    ]);
    sqs.destroy();
    for (const [, client] of mappingClients) client.destroy();
    await agent.stop();
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failures.length > 0) {
      throw new AggregateError(
        failures.map((f) => f.reason),
        "the queue consumers did not stop cleanly",
      );
    }
  };

  try {
    await Promise.all(mappings.map((m) => m.start()));
  } catch (error) {
    await stop();
    throw error;
  }
  for (const service of services.values()) service.start();
  if (mappings.length + services.size > 0) {
    log(
      "debug",
      `queue consumers started: ${mappings.length} event-source mapping(s), ${services.size} container service(s)`,
    );
  }

  return {
    async pause() {
      paused = true;
      await Promise.all([...mappings.map((m) => m.pause()), ...[...services.values()].map((s) => s.stop())]);
    },
    resume() {
      paused = false;
      for (const mapping of mappings) mapping.resume();
      for (const service of services.values()) service.start();
    },
    async idle() {
      await Promise.all(mappings.map((m) => m.idle()));
    },
    containers(name) {
      const service = services.get(name);
      if (service === undefined) throw new Error(`no container consumer "${name}" runs in this local cloud`);
      return service;
    },
    stop,
  };
}

/** A local cloud started without its queue consumers (`consumers: false`). */
export const NO_CONSUMERS: LocalConsumers = {
  pause: async () => undefined,
  resume: () => undefined,
  idle: async () => undefined,
  containers(name) {
    throw new Error(`the local cloud runs no queue consumers, so no container consumer "${name}"`);
  },
  stop: async () => undefined,
};

/** The timing of local scaling. */
export interface LocalScaling {
  /** How often the queue's jobs are counted; AWS reads one-minute metrics, a minute or two late. */
  intervalMs: number;
  /** After a scale-out, the next waits this long. */
  cooldownMs: number;
  /** How long the queue holds no job before the service returns to its minimum. */
  idleMs: number;
}

const LOCAL_SCALING: LocalScaling = {
  intervalMs: 10_000,
  cooldownMs: CONTAINER_SCALING.cooldownSeconds * 1000,
  idleMs: CONTAINER_SCALING.idleSeconds * 1000,
};

/**
 * Scales a container service by the rule its CDK policies follow (`CONTAINER_SCALING`): jobs waiting
 * add tasks (`scaleOut`), then a cooldown passes before more are added; a queue without jobs for the
 * idle time returns it to its minimum. Idle while the consumers are paused. Returns its stop function.
 */
function scaleOnJobs(
  container: ContainerConsumerDeclaration,
  service: LocalContainerService,
  options: { sqs: SQSClient; queueUrl: string; scaling: LocalScaling; paused: () => boolean; log: Log },
): () => void {
  const { scaling } = options;
  const { min } = taskCountOf(container);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let coolUntil = 0;
  let idleSince: number | undefined;
  const scaleTo = (tasks: number, why: string) => {
    options.log("info", `${service.name}: ${why}; ${service.desiredCount} → ${tasks} tasks`);
    service.scaleTo(tasks);
  };
  const evaluate = async () => {
    try {
      // Paused consumers take nothing: their queue's jobs are left for a test or an operator to see.
      if (options.paused()) return;
      const { Attributes } = await options.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: options.queueUrl,
          AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        }),
      );
      const waiting = Number(Attributes?.ApproximateNumberOfMessages ?? 0);
      const inFlight = Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
      const now = Date.now();
      idleSince = waiting + inFlight === 0 ? (idleSince ?? now) : undefined;
      if (stopped) return;
      const more = scaleOut(service.desiredCount, waiting, container);
      if (more > service.desiredCount && now >= coolUntil) {
        scaleTo(more, `${waiting} jobs wait`);
        coolUntil = now + scaling.cooldownMs;
      } else if (idleSince !== undefined && now - idleSince >= scaling.idleMs && service.desiredCount > min) {
        scaleTo(min, `no job for ${Math.round((now - idleSince) / 1000)} s`);
      }
    } catch (error) {
      options.log("warn", `${service.name}: could not count its queue's jobs to scale on`, error);
    } finally {
      if (!stopped) timer = setTimeout(evaluate, scaling.intervalMs);
    }
  };
  timer = setTimeout(evaluate, scaling.intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
