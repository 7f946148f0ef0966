import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureDeclaration } from "./fixtures/declaration.ts";
import { declaredFunctions, expectPlatformFunctionDefaults } from "./support/function-expectations.ts";
import { type SynthesizedApp, synthPlatform } from "./support/synth-platform.ts";

let fixture: SynthesizedApp;
const events = () => {
  const stack = fixture.stacks.events;
  if (!stack) throw new Error("the fixture declares rules and schedules, so it has an Events stack");
  return fixture.template(stack);
};
/** A weak reference to an output of the Data stack whose name matches `pattern`. */
const dataOutput = (pattern: string) => ({
  "Fn::GetStackOutput": Match.objectLike({
    StackName: "leadmetrics-dev-data",
    OutputName: Match.stringLikeRegexp(pattern),
  }),
});
/** The events DLQ's ARN, as the Events stack reads it from the Data stack. */
const eventsDlqArn = dataOutput("EventsDlq.*Arn");

beforeAll(() => {
  fixture = synthPlatform({ declaration: fixtureDeclaration });
});

describe("the Events stack", () => {
  it("is not created while the declaration has no rule and no schedule", () => {
    const declaration = { ...fixtureDeclaration, eventRules: [], schedules: [] };
    expect(synthPlatform({ declaration }).stacks.events).toBeUndefined();
  });

  it("listens on the platform bus with the declared pattern, retrying and dead-lettering into events-dlq", () => {
    events().hasResourceProperties("AWS::Events::Rule", {
      Name: "leadmetrics-dev-rule-notify-reviewers",
      EventBusName: dataOutput("EventBus"),
      EventPattern: { source: ["leadmetrics.content"], "detail-type": ["ContentSubmitted"] },
      Targets: [
        Match.objectLike({
          DeadLetterConfig: { Arn: eventsDlqArn },
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 7200 },
        }),
      ],
    });
  });

  it("runs each schedule with a retry policy and events-dlq as its dead-letter queue", () => {
    events().hasResourceProperties("AWS::Scheduler::Schedule", {
      Name: "leadmetrics-dev-schedule-nightly-report",
      ScheduleExpression: "cron(0 3 * * ? *)",
      Target: Match.objectLike({
        DeadLetterConfig: { Arn: eventsDlqArn },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 7200 },
      }),
    });
  });

  it("sends a target's asynchronous failures, after its retries, to events-dlq", () => {
    const template = events();
    template.resourceCountIs("AWS::Lambda::EventInvokeConfig", 2);
    template.allResourcesProperties("AWS::Lambda::EventInvokeConfig", {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: eventsDlqArn } },
    });
  });

  it("gives every target function the platform defaults", () => {
    const checked = expectPlatformFunctionDefaults(
      events(),
      declaredFunctions(fixtureDeclaration, "dev"),
      14,
    );
    expect(checked).toEqual([
      "leadmetrics-dev-rule-notify-reviewers",
      "leadmetrics-dev-schedule-nightly-report",
    ]);
  });

  it("adds nothing to the Data stack's queue policy, which would make the stacks depend on each other", () => {
    expect(fixture.stacks.data.dependencies).toEqual([]);
    events().resourceCountIs("AWS::SQS::QueuePolicy", 0);
  });
});
