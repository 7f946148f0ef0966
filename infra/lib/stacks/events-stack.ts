import { Stack, type StackProps } from "aws-cdk-lib";
import { type IQueue, Queue } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { EVENTS_DLQ, resourceName } from "#shared/platform/declaration/naming";
import type { EventRuleDeclaration, PlatformDeclaration } from "#shared/platform/declaration/types";
import { EventTargets } from "../constructs/event-targets.ts";
import type { PlatformFunction } from "../constructs/platform-function.ts";
import { type PlatformResources, queueNamed } from "../constructs/platform-resources.ts";
import type { StageSettings } from "../stage-settings.ts";
import { sharedFunctionProps } from "./shared-function-props.ts";

export interface EventsStackProps extends StackProps {
  readonly declaration: PlatformDeclaration;
  readonly stage: string;
  readonly settings: StageSettings;
  readonly resources: PlatformResources;
}

/**
 * Whether a rule's target manages WebSocket connections: such a rule and its target live in the
 * Realtime stack, beside the API whose `@connections` the target is granted (a grant across stacks
 * would name the API through another stack's output).
 */
export function postsToConnections(rule: EventRuleDeclaration): boolean {
  return rule.target.bindings?.managesConnections === true;
}

/**
 * The stateless event side: declared event rules and schedules with their target functions. The
 * app creates it only when the declaration has a rule or a schedule (CloudFormation refuses an
 * empty stack).
 */
export class EventsStack extends Stack {
  readonly functions: ReadonlyMap<string, PlatformFunction>;

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props);
    const { declaration, stage, settings, resources } = props;
    const targets = new EventTargets(this, "Targets", {
      rules: declaration.eventRules.filter((rule) => !postsToConnections(rule)),
      schedules: declaration.schedules,
      eventBus: resources.eventBus,
      deadLetterQueue: eventsDeadLetterQueue(this, resources),
      functionName: (n) => resourceName(declaration.app, stage, n),
      functionProps: sharedFunctionProps(declaration, settings, resources),
    });
    this.functions = targets.functions;
  }
}

/**
 * The events DLQ as a stack's rule targets use it: referenced, not owned — a target given the Data
 * stack's queue itself would add a statement to that queue's policy naming this stack's rules, a
 * dependency cycle. The Data stack's policy already admits every rule on the bus.
 */
export function eventsDeadLetterQueue(scope: Construct, resources: PlatformResources): IQueue {
  const owned = queueNamed(resources, EVENTS_DLQ);
  return Queue.fromQueueAttributes(scope, "EventsDlq", {
    queueArn: owned.queueArn,
    queueUrl: owned.queueUrl,
    queueName: owned.queueName,
  });
}
