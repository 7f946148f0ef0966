import { describe, expect, it } from "vitest";
import { LOCAL_WEBSOCKET_API_ID } from "#scripts/local/cloud-gateways";
import { principalGrants, type StackTemplate } from "./support/principal-grants.ts";

const target = {
  app: "app",
  synthesizedStage: "dev",
  stage: "local",
  region: "eu-west-1",
  account: "111122223333",
};

/** A data stack holding one of each resource kind, and what it exports or writes for others. */
const data: StackTemplate = {
  stackName: "app-dev-data",
  template: {
    Resources: {
      Table: { Type: "AWS::DynamoDB::GlobalTable", Properties: { TableName: "app-dev-main" } },
      Bus: { Type: "AWS::Events::EventBus", Properties: { Name: "app-dev-events" } },
      Jobs: { Type: "AWS::SQS::Queue", Properties: { QueueName: "app-dev-jobs" } },
      Keys: { Type: "AWS::SecretsManager::Secret", Properties: { Name: "app/dev/keys" } },
      BusArnParameter: {
        Type: "AWS::SSM::Parameter",
        Properties: { Name: "/app/dev/bus-arn", Value: { "Fn::GetAtt": ["Bus", "Arn"] } },
      },
    },
    Outputs: {
      TableArn: { Value: { "Fn::GetAtt": ["Table", "Arn"] }, Export: { Name: "app-dev-data:TableArn" } },
    },
  },
};

/** A stack with one function whose role's policy names them every way CloudFormation allows. */
const api = (statements: unknown[]): StackTemplate => ({
  stackName: "app-dev-api",
  template: {
    Parameters: {
      BusArn: { Type: "AWS::SSM::Parameter::Value<String>", Default: "/app/dev/bus-arn" },
    },
    Resources: {
      FnRole: { Type: "AWS::IAM::Role", Properties: {} },
      Fn: {
        Type: "AWS::Lambda::Function",
        Properties: { FunctionName: "app-dev-api-notes", Role: { "Fn::GetAtt": ["FnRole", "Arn"] } },
      },
      FnPolicy: {
        Type: "AWS::IAM::Policy",
        Properties: { Roles: [{ Ref: "FnRole" }], PolicyDocument: { Statement: statements } },
      },
    },
  },
});

describe("principalGrants", () => {
  it("resolves imports, joins, subs, SSM parameters and pseudo parameters to the running stage's ARNs", () => {
    const grants = principalGrants(
      [
        data,
        api([
          {
            Effect: "Allow",
            Action: ["dynamodb:GetItem", "dynamodb:Query"],
            Resource: [
              { "Fn::ImportValue": "app-dev-data:TableArn" },
              { "Fn::Join": ["", [{ "Fn::ImportValue": "app-dev-data:TableArn" }, "/index/*"]] },
            ],
          },
          { Effect: "Allow", Action: "events:PutEvents", Resource: { Ref: "BusArn" } },
          {
            Effect: "Allow",
            Action: "sqs:SendMessage",
            Resource: {
              // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax, not a template.
              "Fn::Sub": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:app-dev-jobs",
            },
          },
          { Effect: "Allow", Action: "logs:PutLogEvents", Resource: { "Fn::GetAtt": ["Logs", "Arn"] } },
          {
            Effect: "Allow",
            Action: "bedrock:InvokeModel",
            Resource: "*",
            Condition: { ArnLike: { "bedrock:InferenceProfileArn": "x" } },
          },
        ]),
      ],
      target,
    );
    const table = "arn:aws:dynamodb:eu-west-1:111122223333:table/app-local-main";
    expect(grants.get("api-notes")).toEqual([
      {
        effect: "Allow",
        actions: ["dynamodb:GetItem", "dynamodb:Query"],
        resources: [table, `${table}/index/*`],
        unevaluated: false,
      },
      {
        effect: "Allow",
        actions: ["events:PutEvents"],
        resources: ["arn:aws:events:eu-west-1:111122223333:event-bus/app-local-events"],
        unevaluated: false,
      },
      {
        effect: "Allow",
        actions: ["sqs:SendMessage"],
        // A literal deployed name moves to the running stage too.
        resources: ["arn:aws:sqs:eu-west-1:111122223333:app-local-jobs"],
        unevaluated: false,
      },
      {
        effect: "Allow",
        actions: ["logs:PutLogEvents"],
        resources: ["unresolved:app-dev-api.Logs.Arn"],
        unevaluated: false,
      },
      { effect: "Allow", actions: ["bedrock:InvokeModel"], resources: ["*"], unevaluated: true },
    ]);
  });

  it("names a secret by its ARN with AWS's six unknown characters", () => {
    const grants = principalGrants(
      [data, api([{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: { Ref: "Keys" } }])],
      target,
    );
    // The secret lives in another stack: a Ref there is unresolved here, as CloudFormation would refuse it.
    expect(grants.get("api-notes")?.[0]?.resources).toEqual(["unresolved:app-dev-api.Keys.Ref"]);
    const same = principalGrants(
      [
        {
          ...data,
          template: {
            ...data.template,
            Resources: {
              ...data.template.Resources,
              ...api([
                { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: { Ref: "Keys" } },
              ]).template.Resources,
            },
          },
        },
      ],
      target,
    );
    expect(same.get("api-notes")?.[0]?.resources).toEqual([
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/local/keys-??????",
    ]);
  });

  it("names a WebSocket API by the local API's id, so a grant on its @connections covers the local calls", () => {
    const stack = api([
      {
        Effect: "Allow",
        Action: "execute-api:ManageConnections",
        // What `WebSocketApi.grantManageConnections` writes.
        Resource: {
          "Fn::Join": [
            "",
            [
              "arn:",
              { Ref: "AWS::Partition" },
              ":execute-api:",
              { Ref: "AWS::Region" },
              ":",
              { Ref: "AWS::AccountId" },
              ":",
              { Ref: "Realtime" },
              "/*/*/@connections/*",
            ],
          ],
        },
      },
    ]);
    stack.template.Resources = {
      ...stack.template.Resources,
      Realtime: {
        Type: "AWS::ApiGatewayV2::Api",
        Properties: { Name: "app-dev-realtime", ProtocolType: "WEBSOCKET" },
      },
    };

    const grants = principalGrants([data, stack], target);

    expect(grants.get("api-notes")?.[0]?.resources).toEqual([
      `arn:aws:execute-api:eu-west-1:111122223333:${LOCAL_WEBSOCKET_API_ID}/*/*/@connections/*`,
    ]);
  });
});
