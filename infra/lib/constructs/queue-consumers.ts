import { Duration, Validations } from "aws-cdk-lib";
import { EventSourceMapping } from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { Construct } from "constructs";
import { functionIds } from "#shared/platform/declaration/functions";
import type { QueueFunctionDeclaration } from "#shared/platform/declaration/types";
import { pascalCase } from "../naming.ts";
import { PlatformFunction, type SharedFunctionProps } from "./platform-function.ts";
import { queueNamed } from "./platform-resources.ts";

export interface QueueConsumersProps {
  readonly declarations: readonly QueueFunctionDeclaration[];
  readonly functionName: (name: string) => string;
  readonly functionProps: SharedFunctionProps;
}

/**
 * The declared queue functions: each a `PlatformFunction` with one SQS event-source mapping per queue
 * it reads, batching as declared, at most `maxConcurrency` concurrent invocations per queue, and
 * partial batch failures (`batchItemFailures`), so one bad message does not send its whole batch back.
 * The mapping grants the function receive, delete, change-visibility and get-attributes on exactly
 * its queues.
 */
export class QueueConsumers extends Construct {
  /** Every queue function by its id (`consumer-<name>`). */
  readonly functions = new Map<string, PlatformFunction>();

  constructor(scope: Construct, id: string, props: QueueConsumersProps) {
    super(scope, id);
    for (const declaration of props.declarations) {
      const fnId = functionIds.consumer(declaration.name);
      const fn = new PlatformFunction(this, `${pascalCase(declaration.name)}Function`, {
        ...props.functionProps,
        declaration,
        functionName: props.functionName(fnId),
        serviceName: declaration.name,
        invocation: { kind: "queue" },
      });
      for (const queue of declaration.queues) {
        fn.addEventSource(
          new SqsEventSource(queueNamed(props.functionProps.resources, queue), {
            batchSize: declaration.batchSize,
            maxBatchingWindow: Duration.seconds(declaration.maxBatchingWindowSeconds),
            maxConcurrency: declaration.maxConcurrency,
            reportBatchItemFailures: true,
          }),
        );
      }
      for (const mapping of fn.node.children.filter((c) => c instanceof EventSourceMapping)) {
        Validations.of(mapping).acknowledge({
          id: "Serverless-LambdaEventSourceMappingDestination",
          reason:
            "SQS event-source mappings take no on-failure destination; a message that keeps failing moves to its queue's DLQ through the queue's redrive policy.",
        });
      }
      this.functions.set(fnId, fn);
    }
  }
}
