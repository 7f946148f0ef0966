import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { DescribeEventBusCommand, EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalCloud } from "#scripts/local/cloud";
import { clientConfig, startFixtureCloud } from "./support.ts";

let cloud: LocalCloud;
let dynamodb: DynamoDBClient;
let sqs: SQSClient;
let eventbridge: EventBridgeClient;
let secrets: SecretsManagerClient;

beforeAll(async () => {
  cloud = await startFixtureCloud();
  dynamodb = new DynamoDBClient({ ...clientConfig(cloud, cloud.urls.dynamodb), maxAttempts: 1 });
  sqs = new SQSClient(clientConfig(cloud, cloud.urls.sqs));
  eventbridge = new EventBridgeClient(clientConfig(cloud, cloud.urls.eventbridge));
  secrets = new SecretsManagerClient(clientConfig(cloud, cloud.urls.secretsManager));
});

afterAll(async () => {
  for (const client of [dynamodb, sqs, eventbridge, secrets]) client?.destroy();
  await cloud?.stop();
});

describe("DynamoDB Local", () => {
  it("holds the declared table with its keys, generic GSIs and TTL attribute", async () => {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: cloud.locator.tableName }));
    const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: cloud.locator.tableName }));

    expect(Table?.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    expect(
      Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.KeySchema?.map((k) => k.AttributeName)]),
    ).toEqual([
      ["gsi1", ["gsi1pk", "gsi1sk"]],
      ["gsi2", ["gsi2pk", "gsi2sk"]],
      ["gsi3", ["gsi3pk", "gsi3sk"]],
    ]);
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: "ttl", TimeToLiveStatus: "ENABLED" });
  });

  it("cancels a transaction whose condition fails with TransactionCanceledException and writes nothing", async () => {
    const id = crypto.randomUUID();
    const put = (pk: string, condition?: string) => ({
      Put: {
        TableName: cloud.locator.tableName,
        Item: { pk: { S: pk }, sk: { S: "ITEM" } },
        ...(condition ? { ConditionExpression: condition } : {}),
      },
    });

    const failure = await dynamodb
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [put(`TX#${id}#a`), put(`TX#${id}#b`, "attribute_exists(pk)")],
        }),
      )
      .then(
        () => undefined,
        (error: unknown) => error,
      );

    expect(failure).toBeInstanceOf(TransactionCanceledException);
    expect((failure as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual([
      "None",
      "ConditionalCheckFailed",
    ]);
    const written = await dynamodb.send(
      new GetItemCommand({
        TableName: cloud.locator.tableName,
        Key: { pk: { S: `TX#${id}#a` }, sk: { S: "ITEM" } },
      }),
    );
    expect(written.Item).toBeUndefined();
  });

  it("refuses requests while stopped and serves the declared table again once restarted", async () => {
    await cloud.stopService("dynamodb");
    const whileStopped = await dynamodb.send(new ListTablesCommand({})).then(
      () => "answered",
      (error: unknown) => (error instanceof Error ? error.name : "failed"),
    );
    await cloud.startService("dynamodb");
    const afterRestart = await dynamodb.send(new ListTablesCommand({}));

    expect(whileStopped).not.toBe("answered");
    expect(afterRestart.TableNames).toContain(cloud.locator.tableName);
  });
});

describe("Secrets Manager", () => {
  it("returns the generated JWK set of a declared es256-jwk-set secret", async () => {
    const secret = await secrets.send(
      new GetSecretValueCommand({ SecretId: cloud.locator.secretId("signing-keys") }),
    );

    const jwks = JSON.parse(secret.SecretString ?? "{}") as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    expect(jwks.keys[0]).toHaveProperty("d");
    expect(jwks.keys[0]).toHaveProperty("kid");
    expect(secret.VersionStages).toEqual(["AWSCURRENT"]);
    expect(secret.ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-1:\d{12}:secret:fixture\/local\/signing-keys-\w{6}$/,
    );
  });

  it("returns 256 random bits, base64, for a random-256-bit secret, also by its ARN", async () => {
    const byName = await secrets.send(
      new GetSecretValueCommand({ SecretId: cloud.locator.secretId("pepper") }),
    );
    const byArn = await secrets.send(new GetSecretValueCommand({ SecretId: byName.ARN }));

    expect(Buffer.from(byName.SecretString ?? "", "base64")).toHaveLength(32);
    expect(byArn.SecretString).toBe(byName.SecretString);
  });

  it("describes a secret without its value", async () => {
    const described = await secrets.send(
      new DescribeSecretCommand({ SecretId: cloud.locator.secretId("signing-keys") }),
    );

    expect(described.Name).toBe(cloud.locator.secretId("signing-keys"));
    expect(described).not.toHaveProperty("SecretString");
  });

  it("answers ResourceNotFoundException for an unknown secret id", async () => {
    const failure = await secrets.send(new GetSecretValueCommand({ SecretId: "no-such-secret" })).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(ResourceNotFoundException);
    expect((failure as ResourceNotFoundException).$metadata.httpStatusCode).toBe(400);
  });
});

describe("EventBridge", () => {
  it("records an event put through the SDK and answers its EventId", async () => {
    const marker = crypto.randomUUID();

    const result = await eventbridge.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: cloud.locator.eventBusName,
            Source: "leadmetrics.test",
            DetailType: "FixtureHappened",
            Detail: JSON.stringify({ marker }),
          },
        ],
      }),
    );

    expect(result.FailedEntryCount).toBe(0);
    const eventId = result.Entries?.[0]?.EventId;
    expect(eventId).toEqual(expect.any(String));
    const recorded = cloud.events().find((e) => e.event.id === eventId);
    expect(recorded).toMatchObject({
      eventBusName: cloud.locator.eventBusName,
      event: {
        source: "leadmetrics.test",
        "detail-type": "FixtureHappened",
        detail: { marker },
        region: "us-east-1",
      },
    });
  });

  it("fails invalid entries one by one with FailedEntryCount and records only the valid ones", async () => {
    const before = cloud.events().length;
    const valid = { EventBusName: cloud.locator.eventBusName, Source: "s", DetailType: "T", Detail: "{}" };

    const result = await eventbridge.send(
      new PutEventsCommand({
        Entries: [
          valid,
          { ...valid, DetailType: undefined },
          { ...valid, Detail: "not json" },
          { ...valid, EventBusName: "no-such-bus" },
        ],
      }),
    );

    expect(result.FailedEntryCount).toBe(3);
    expect(result.Entries?.map((e) => e.ErrorCode ?? "ok")).toEqual([
      "ok",
      "InvalidArgument",
      "MalformedDetail",
      "InvalidArgument",
    ]);
    expect(cloud.events().length - before).toBe(1);
  });

  it("refuses a request of more than ten entries with ValidationException", async () => {
    const entry = { EventBusName: cloud.locator.eventBusName, Source: "s", DetailType: "T", Detail: "{}" };

    const failure = await eventbridge
      .send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) }))
      .then(
        () => undefined,
        (error: unknown) => error,
      );

    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe("ValidationException");
  });

  it("describes the declared bus and refuses an unknown one", async () => {
    const bus = await eventbridge.send(new DescribeEventBusCommand({ Name: cloud.locator.eventBusName }));
    const unknown = await eventbridge.send(new DescribeEventBusCommand({ Name: "nope" })).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.name : "failed"),
    );

    expect(bus.Arn).toBe(`arn:aws:events:us-east-1:000000000000:event-bus/${cloud.locator.eventBusName}`);
    expect(unknown).toBe("ResourceNotFoundException");
  });
});

describe("SQS (fauxqs)", () => {
  it("creates each declared queue at the URL functions are given, with its DLQ redrive policy", async () => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: "fixture-local-jobs" }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }),
    );

    expect(QueueUrl).toBe(cloud.locator.queueUrl("jobs"));
    expect(JSON.parse(Attributes?.RedrivePolicy ?? "{}")).toEqual({
      deadLetterTargetArn: "arn:aws:sqs:us-east-1:000000000000:fixture-local-jobs-dlq",
      maxReceiveCount: 3,
    });
    expect(Attributes?.VisibilityTimeout).toBe("30");
  });

  it("gives a queue that is itself a DLQ no DLQ of its own", async () => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: cloud.locator.queueUrl("events-dlq"),
        AttributeNames: ["All"],
      }),
    );

    expect(Attributes?.RedrivePolicy).toBeUndefined();
    expect(Attributes?.MessageRetentionPeriod).toBe("1209600");
  });

  it("moves a message to the DLQ after maxReceiveCount receives", async () => {
    const body = crypto.randomUUID();
    const queueUrl = cloud.locator.queueUrl("jobs");
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));

    const receive = (url: string) =>
      sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          VisibilityTimeout: 0,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
        }),
      );
    for (let i = 0; i < 3; i++) {
      const { Messages } = await receive(queueUrl);
      expect(Messages?.map((m) => m.Body)).toContain(body);
    }
    const fourth = await receive(queueUrl);
    const dead = await receive(`${queueUrl}-dlq`);

    expect(fourth.Messages?.map((m) => m.Body) ?? []).not.toContain(body);
    expect(dead.Messages?.map((m) => m.Body)).toContain(body);
  });
});
