import { Stack, type StackProps } from "aws-cdk-lib";
import type { FargateService } from "aws-cdk-lib/aws-ecs";
import type { Construct } from "constructs";
import { resourceName } from "#shared/platform/declaration/naming";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { ContainerConsumers } from "../constructs/container-consumers.ts";
import type { PlatformFunction } from "../constructs/platform-function.ts";
import type { PlatformResources } from "../constructs/platform-resources.ts";
import { QueueConsumers } from "../constructs/queue-consumers.ts";
import type { StageSettings } from "../stage-settings.ts";
import { sharedFunctionProps } from "./shared-function-props.ts";

export interface WorkersStackProps extends StackProps {
  readonly declaration: PlatformDeclaration;
  readonly stage: string;
  readonly settings: StageSettings;
  /** The stateful resources (from the Data stack): the queues consumed, and what bindings name. */
  readonly resources: PlatformResources;
}

/**
 * The stateless job side: the declared queue consumers — Lambda functions fed by SQS event-source
 * mappings (short jobs, dead letters) and ECS Fargate services (long jobs). The app creates it only
 * when the declaration has a consumer (CloudFormation refuses an empty stack).
 */
export class WorkersStack extends Stack {
  /** Every queue function by id (`consumer-<name>`), for monitoring. */
  readonly functions: ReadonlyMap<string, PlatformFunction>;
  /** Every Fargate consumer by id (`consumer-<name>`). */
  readonly services: ReadonlyMap<string, FargateService>;

  constructor(scope: Construct, id: string, props: WorkersStackProps) {
    super(scope, id, props);
    const { declaration, stage, settings, resources } = props;
    const physicalName = (n: string) => resourceName(declaration.app, stage, n);
    const runtime = sharedFunctionProps(declaration, settings, resources);

    this.functions =
      declaration.queueFunctions.length > 0
        ? new QueueConsumers(this, "QueueConsumers", {
            declarations: declaration.queueFunctions,
            functionName: physicalName,
            functionProps: runtime,
          }).functions
        : new Map();
    this.services =
      declaration.containers.length > 0
        ? new ContainerConsumers(this, "ContainerConsumers", {
            declarations: declaration.containers,
            physicalName,
            runtime,
          }).services
        : new Map();
  }
}
