import { describe, expect, it } from "vitest";
import {
  cloudWatchAuthorizations,
  dynamoDbAuthorizations,
  eventBridgeAuthorizations,
  secretsManagerAuthorizations,
  sqsAuthorizations,
} from "./iam-authorizations.ts";
import { accessKeyIn, accessKeyOf, principalOfAccessKey } from "./principals.ts";

const at = { region: "eu-west-1", account: "123456789012" };
const TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/app-main";

describe("dynamoDbAuthorizations", () => {
  it("authorizes an item operation on its table, and an index query on the index", () => {
    expect(dynamoDbAuthorizations("GetItem", { TableName: "app-main" }, at)).toEqual([
      { action: "dynamodb:GetItem", resource: TABLE },
    ]);
    expect(dynamoDbAuthorizations("Query", { TableName: "app-main", IndexName: "gsi1" }, at)).toEqual([
      { action: "dynamodb:Query", resource: `${TABLE}/index/gsi1` },
    ]);
  });

  it("authorizes a transaction as the operations it holds, each on its own table", () => {
    expect(
      dynamoDbAuthorizations(
        "TransactWriteItems",
        {
          TransactItems: [
            { Put: { TableName: "app-main" } },
            { Update: { TableName: "app-main" } },
            { Delete: { TableName: "app-other" } },
            { ConditionCheck: { TableName: TABLE } },
          ],
        },
        at,
      ),
    ).toEqual([
      { action: "dynamodb:PutItem", resource: TABLE },
      { action: "dynamodb:UpdateItem", resource: TABLE },
      { action: "dynamodb:DeleteItem", resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/app-other" },
      { action: "dynamodb:ConditionCheckItem", resource: TABLE },
    ]);
    expect(
      dynamoDbAuthorizations("TransactGetItems", { TransactItems: [{ Get: { TableName: "app-main" } }] }, at),
    ).toEqual([{ action: "dynamodb:GetItem", resource: TABLE }]);
  });

  it("authorizes a batch on every table it names", () => {
    expect(
      dynamoDbAuthorizations("BatchWriteItem", { RequestItems: { "app-main": [], "app-b": [] } }, at),
    ).toEqual([
      { action: "dynamodb:BatchWriteItem", resource: TABLE },
      { action: "dynamodb:BatchWriteItem", resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/app-b" },
    ]);
  });
});

describe("sqsAuthorizations", () => {
  it("authorizes an action on the queue of its URL, a batch as its single-message action", () => {
    const url = "http://127.0.0.1:4566/123456789012/app-jobs";
    const queue = "arn:aws:sqs:eu-west-1:123456789012:app-jobs";
    expect(sqsAuthorizations("SendMessage", { QueueUrl: url }, at)).toEqual([
      { action: "sqs:SendMessage", resource: queue },
    ]);
    expect(sqsAuthorizations("DeleteMessageBatch", { QueueUrl: url }, at)).toEqual([
      { action: "sqs:DeleteMessage", resource: queue },
    ]);
    expect(sqsAuthorizations("ChangeMessageVisibilityBatch", { QueueUrl: url }, at)).toEqual([
      { action: "sqs:ChangeMessageVisibility", resource: queue },
    ]);
  });

  it("names the queue of GetQueueUrl, of a move task's source and of its handle", () => {
    const dlq = "arn:aws:sqs:eu-west-1:123456789012:app-jobs-dlq";
    expect(
      sqsAuthorizations("GetQueueUrl", { QueueName: "app-jobs", QueueOwnerAWSAccountId: "210987654321" }, at),
    ).toEqual([{ action: "sqs:GetQueueUrl", resource: "arn:aws:sqs:eu-west-1:210987654321:app-jobs" }]);
    expect(sqsAuthorizations("StartMessageMoveTask", { SourceArn: dlq }, at)).toEqual([
      { action: "sqs:StartMessageMoveTask", resource: dlq },
    ]);
    const handle = Buffer.from(JSON.stringify({ taskId: "t", sourceArn: dlq })).toString("base64");
    expect(sqsAuthorizations("CancelMessageMoveTask", { TaskHandle: handle }, at)).toEqual([
      { action: "sqs:CancelMessageMoveTask", resource: dlq },
    ]);
    expect(sqsAuthorizations("ListQueues", {}, at)).toEqual([
      { action: "sqs:ListQueues", resource: "arn:aws:sqs:eu-west-1:123456789012:*" },
    ]);
  });
});

describe("the other services' authorizations", () => {
  it("authorizes PutEvents on the bus of each entry, the default bus when an entry names none", () => {
    expect(
      eventBridgeAuthorizations("PutEvents", { Entries: [{ EventBusName: "app-bus" }, {}] }, at),
    ).toEqual([
      { action: "events:PutEvents", resource: "arn:aws:events:eu-west-1:123456789012:event-bus/app-bus" },
      { action: "events:PutEvents", resource: "arn:aws:events:eu-west-1:123456789012:event-bus/default" },
    ]);
    expect(eventBridgeAuthorizations("DescribeEventBus", { Name: "app-bus" }, at)).toEqual([
      {
        action: "events:DescribeEventBus",
        resource: "arn:aws:events:eu-west-1:123456789012:event-bus/app-bus",
      },
    ]);
  });

  it("authorizes a secret's action on its full ARN, and CloudWatch's reads on *", () => {
    expect(
      secretsManagerAuthorizations("GetSecretValue", { SecretId: "app/keys" }, (id) => `arn:…:${id}-AbCdEf`),
    ).toEqual([{ action: "secretsmanager:GetSecretValue", resource: "arn:…:app/keys-AbCdEf" }]);
    expect(cloudWatchAuthorizations("GetMetricData")).toEqual([
      { action: "cloudwatch:GetMetricData", resource: "*" },
    ]);
  });
});

describe("principals", () => {
  it("gives each principal an access key of letters and digits that names it again", () => {
    const key = accessKeyOf("consumer-agent-blog-writer");
    expect(key).toMatch(/^[A-Z0-9]+$/);
    const header = `AWS4-HMAC-SHA256 Credential=${key}/20260101/eu-west-1/sqs/aws4_request, SignedHeaders=host, Signature=00`;
    expect(principalOfAccessKey(accessKeyIn(header))).toBe("consumer-agent-blog-writer");
    expect(principalOfAccessKey(accessKeyIn(header.replace(key, "local")))).toBeUndefined();
    expect(principalOfAccessKey(accessKeyIn(undefined))).toBeUndefined();
  });
});
