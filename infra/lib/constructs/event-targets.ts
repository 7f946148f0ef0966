import { CfnResource, Duration, Stack, Validations } from "aws-cdk-lib";
import type { EventPattern, IEventBus } from "aws-cdk-lib/aws-events";
import { Rule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Schedule, ScheduleExpression } from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { functionIds } from "#shared/platform/declaration/functions";
import type { EventRuleDeclaration, ScheduleDeclaration } from "#shared/platform/declaration/types";
import { pascalCase } from "../naming.ts";
import { PlatformFunction, type SharedFunctionProps } from "./platform-function.ts";

export interface EventTargetsProps {
  readonly rules: readonly EventRuleDeclaration[];
  readonly schedules: readonly ScheduleDeclaration[];
  /** The platform bus the rules listen on. */
  readonly eventBus: IEventBus;
  /**
   * Where events go that a target could not take: EventBridge's and Scheduler's own dead letters,
   * and Lambda's asynchronous failures after its retries. Its resource policy must already admit
   * EventBridge rules on `eventBus` (the Data stack writes it).
   */
  readonly deadLetterQueue: IQueue;
  readonly functionName: (name: string) => string;
  readonly functionProps: SharedFunctionProps;
  /** @default 3 */
  readonly retryAttempts?: number;
  /** @default Duration.hours(2) */
  readonly maxEventAge?: Duration;
}

/**
 * The declared event rules (on the platform bus) and schedules (EventBridge Scheduler), each with a
 * Lambda target of its own, a retry policy and the events DLQ — so no event is dropped silently.
 */
export class EventTargets extends Construct {
  /** Every target function by a short name (`rule-<name>`, `schedule-<name>`). */
  readonly functions = new Map<string, PlatformFunction>();

  constructor(scope: Construct, id: string, props: EventTargetsProps) {
    super(scope, id);
    const retryAttempts = props.retryAttempts ?? 3;
    const maxEventAge = props.maxEventAge ?? Duration.hours(2);
    const target = (name: string, declaration: EventRuleDeclaration | ScheduleDeclaration) => {
      const fn = new PlatformFunction(this, `${pascalCase(name)}Function`, {
        ...props.functionProps,
        declaration: declaration.target,
        functionName: props.functionName(name),
        serviceName: declaration.name,
        invocation: { kind: "async", onFailure: props.deadLetterQueue },
      });
      this.functions.set(name, fn);
      return fn;
    };

    for (const declaration of props.rules) {
      const fn = target(functionIds.rule(declaration.name), declaration);
      new Rule(this, `${pascalCase(declaration.name)}Rule`, {
        ruleName: props.functionName(`rule-${declaration.name}`),
        description: declaration.description,
        eventBus: props.eventBus,
        eventPattern: asEventPattern(declaration.pattern),
        targets: [
          new LambdaFunction(fn, { deadLetterQueue: props.deadLetterQueue, retryAttempts, maxEventAge }),
        ],
      });
    }

    for (const declaration of props.schedules) {
      const fn = target(functionIds.schedule(declaration.name), declaration);
      // A role per schedule (not the stack-wide one LambdaInvoke would share), so it can invoke
      // exactly its own function and the acknowledgement below covers exactly that grant.
      const role = new Role(this, `${pascalCase(declaration.name)}SchedulerRole`, {
        assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
          conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
        }),
        description: `Lets EventBridge Scheduler run ${declaration.name} and dead-letter its failures.`,
      });
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(fn)}.Arn>:*]`,
        reason:
          "grantInvoke's `:*` covers the function's versions and aliases; the role can invoke only this one function.",
      });
      new Schedule(this, `${pascalCase(declaration.name)}Schedule`, {
        scheduleName: props.functionName(`schedule-${declaration.name}`),
        description: declaration.description,
        schedule: ScheduleExpression.expression(declaration.expression),
        target: new LambdaInvoke(fn, {
          role,
          deadLetterQueue: props.deadLetterQueue,
          retryAttempts,
          maxEventAge,
        }),
      });
    }
  }
}

/**
 * The declaration holds EventBridge's own pattern JSON (`"detail-type"`, not `detailType`); CDK
 * renders keys it does not rename unchanged, so the declared pattern is what deploys.
 */
function asEventPattern(pattern: Record<string, unknown>): EventPattern {
  return pattern as EventPattern;
}

/** The logical id of a function's CloudFormation resource, as cdk-nag names it in a finding. */
function logicalIdOf(fn: IFunction): string {
  const resource = fn.node.defaultChild;
  if (!(resource instanceof CfnResource)) throw new Error(`${fn.node.path} has no CloudFormation resource.`);
  return String(Stack.of(fn).resolve(resource.logicalId));
}
