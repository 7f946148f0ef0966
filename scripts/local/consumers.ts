import { SQSClient, type SQSClientConfig } from "@aws-sdk/client-sqs";
import { containerEnvironment, type ResourceLocator } from "#shared/platform/declaration/environment";
import type {
  FunctionDeclaration,
  PlatformDeclaration,
  QueueFunctionDeclaration,
} from "#shared/platform/declaration/types";
import { LocalContainerService } from "./container-runner.ts";
import type { LambdaRuntime, LocalFunction } from "./lambda-runtime.ts";
import type { Log } from "./log.ts";
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
  stop(): Promise<void>;
}

export interface LocalConsumersOptions {
  declaration: PlatformDeclaration;
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
  const mappings = declaration.queueFunctions.flatMap((fn: QueueFunctionDeclaration) =>
    fn.queues.map(
      (queue) =>
        new SqsEventSourceMapping({
          fn: options.functionOf(fn),
          queueUrl: locator.queueUrl(queue),
          batchSize: fn.batchSize,
          maxBatchingWindowSeconds: fn.maxBatchingWindowSeconds,
          maxConcurrency: fn.maxConcurrency,
          invoke: (target, event) => options.runtime.invoke(target, event),
          sqs,
          region: options.region,
          log,
        }),
    ),
  );
  const services = new Map(
    declaration.containers.map((container) => [
      container.name,
      new LocalContainerService({
        name: options.nameOf(container.name),
        root: options.root,
        entry: container.entry,
        desiredCount: container.desiredCount ?? 1,
        environment: {
          ...options.environmentOf({
            name: container.name,
            entry: container.entry,
            bindings: container.bindings,
          }),
          ...containerEnvironment(container, locator),
        },
        log,
      }),
    ]),
  );

  const stop = async () => {
    const results = await Promise.allSettled([
      ...mappings.map((m) => m.stop()),
      ...[...services.values()].map((s) => s.stop()),
    ]);
    sqs.destroy();
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
      await Promise.all([...mappings.map((m) => m.pause()), ...[...services.values()].map((s) => s.stop())]);
    },
    resume() {
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
