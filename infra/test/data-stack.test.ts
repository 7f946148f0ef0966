import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { platform } from "#shared/contracts/platform";
import { fixtureDeclaration } from "./fixtures/declaration.ts";
import { resourcesOf, type SynthesizedApp, synthPlatform } from "./support/synth-platform.ts";

let dev: SynthesizedApp;
let prod: SynthesizedApp;
let fixture: SynthesizedApp;

beforeAll(() => {
  dev = synthPlatform({ declaration: platform, stage: "dev" });
  prod = synthPlatform({ declaration: platform, stage: "prod" });
  fixture = synthPlatform({ declaration: fixtureDeclaration });
});

describe("the Data stack", () => {
  it("holds the single table with string keys, gsi1..gsi3, a TTL, on-demand capacity and point-in-time recovery", () => {
    const template = dev.template(dev.stacks.data);
    template.resourceCountIs("AWS::DynamoDB::Table", 1);
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      TableName: "leadmetrics-dev-main",
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
      TimeToLiveSpecification: { AttributeName: "ttl", Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      GlobalSecondaryIndexes: ["gsi1", "gsi2", "gsi3"].map((index) => ({
        IndexName: index,
        KeySchema: [
          { AttributeName: `${index}pk`, KeyType: "HASH" },
          { AttributeName: `${index}sk`, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "gsi3sk", AttributeType: "S" },
      ]),
    });
  });

  it("protects the table from deletion and retains it on prod, and not on dev", () => {
    prod.template(prod.stacks.data).hasResource("AWS::DynamoDB::Table", {
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
    dev.template(dev.stacks.data).hasResource("AWS::DynamoDB::Table", {
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
      DeletionPolicy: "Delete",
    });
    expect(prod.stacks.data.terminationProtection).toBe(true);
  });

  it("names the event bus from the app, the stage and the declared bus", () => {
    dev
      .template(dev.stacks.data)
      .hasResourceProperties("AWS::Events::EventBus", { Name: "leadmetrics-dev-domain-events" });
    prod
      .template(prod.stacks.data)
      .hasResourceProperties("AWS::Events::EventBus", { Name: "leadmetrics-prod-domain-events" });
  });

  it("gives a job queue its own DLQ with the declared maxReceiveCount", () => {
    const template = fixture.template(fixture.stacks.data);
    const queues = resourcesOf(template, "AWS::SQS::Queue");
    const dlq = queues.find(([, q]) => q.Properties.QueueName === "leadmetrics-dev-blog-writer-dlq");
    expect(dlq, "the DLQ made for blog-writer").toBeDefined();
    template.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "leadmetrics-dev-blog-writer",
      VisibilityTimeout: 120,
      RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [dlq?.[0], "Arn"] }, maxReceiveCount: 3 },
    });
    // The DLQ gets its source's visibility timeout, so a consumer that fits the one fits the other.
    template.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "leadmetrics-dev-blog-writer-dlq",
      MessageRetentionPeriod: 1_209_600,
      VisibilityTimeout: 120,
      RedrivePolicy: Match.absent(),
    });
  });

  it("keeps a queue without maxReceiveCount as a DLQ itself: no redrive, the declared retention", () => {
    for (const app of [dev, fixture]) {
      app.template(app.stacks.data).hasResourceProperties("AWS::SQS::Queue", {
        QueueName: "leadmetrics-dev-events-dlq",
        MessageRetentionPeriod: 1_209_600,
        RedrivePolicy: Match.absent(),
      });
    }
    expect(fixture.stacks.data.deadLetterQueues.map((d) => d.name).sort()).toEqual([
      "blog-writer-dlq",
      "events-dlq",
      "site-auditor-dlq",
    ]);
    expect(dev.stacks.data.deadLetterQueues.map((d) => d.name)).toContain("events-dlq");
  });

  it("encrypts every queue and refuses non-TLS access to it", () => {
    const template = fixture.template(fixture.stacks.data);
    const queues = resourcesOf(template, "AWS::SQS::Queue");
    // events-dlq, and two job queues with a DLQ each.
    expect(queues).toHaveLength(5);
    for (const [logicalId, queue] of queues) {
      expect(queue.Properties.SqsManagedSseEnabled, logicalId).toBe(true);
      template.hasResourceProperties("AWS::SQS::QueuePolicy", {
        Queues: Match.arrayWith([{ Ref: logicalId }]),
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          ]),
        },
      });
    }
  });

  it("lets EventBridge rules on the platform bus, and nothing else, dead-letter into events-dlq", () => {
    dev.template(dev.stacks.data).hasResourceProperties("AWS::SQS::QueuePolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: "EventBridgeRuleDeadLetters",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Condition: Match.objectLike({ ArnLike: { "aws:SourceArn": Match.anyValue() } }),
          }),
        ]),
      },
    });
  });

  it("generates random secrets at deploy, and gives every other secret a placeholder naming its ops command", () => {
    const template = fixture.template(fixture.stacks.data);
    for (const secret of fixtureDeclaration.secrets) {
      template.hasResourceProperties("AWS::SecretsManager::Secret", {
        Name: `leadmetrics/dev/${secret.name}`,
        GenerateSecretString:
          secret.localValue === "random-256-bit"
            ? { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false }
            : {
                SecretStringTemplate: JSON.stringify({
                  placeholder: true,
                  provisionedBy: secret.provisionedBy,
                }),
                GenerateStringKey: "nonce",
              },
      });
    }
    template.resourceCountIs("AWS::SecretsManager::Secret", fixtureDeclaration.secrets.length);
  });
});
