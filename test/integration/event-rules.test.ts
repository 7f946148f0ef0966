import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { type Message, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InvocationRecord } from "#scripts/local/async-invoker";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import type { BusEvent } from "#scripts/local/eventbridge";
import type { LogLevel } from "#scripts/local/log";
import { EVENT_RULES_PUBLIC_ROUTES, eventRulesDeclaration } from "./event-rules/declaration.ts";
import { clientConfig } from "./support.ts";

let cloud: LocalCloud;
let eventbridge: EventBridgeClient;
let dynamodb: DynamoDBClient;
let sqs: SQSClient;
const logged: { level: LogLevel; message: string }[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud({
    declaration: eventRulesDeclaration,
    publicRoutes: EVENT_RULES_PUBLIC_ROUTES,
    asyncRetryDelaysMs: [200, 400],
    log: (level, message, detail) => {
      logged.push({ level, message });
      // The failing target's failures are expected (and asserted below); anything else is printed.
      if (level === "error" && !message.includes("always-fails")) console.error(message, detail ?? "");
    },
  });
  eventbridge = new EventBridgeClient(clientConfig(cloud, cloud.urls.eventbridge));
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  sqs = new SQSClient(clientConfig(cloud, cloud.urls.sqs));
});

afterAll(async () => {
  for (const client of [eventbridge, dynamodb, sqs]) client?.destroy();
  await cloud?.stop();
});

/** Puts one event on a bus (the platform bus by default) and answers its id. */
async function put(
  source: string,
  detailType: string,
  detail: Record<string, unknown>,
  bus = cloud.locator.eventBusName,
): Promise<string> {
  const answer = await eventbridge.send(
    new PutEventsCommand({
      Entries: [
        { EventBusName: bus, Source: source, DetailType: detailType, Detail: JSON.stringify(detail) },
      ],
    }),
  );
  expect(answer.FailedEntryCount).toBe(0);
  const id = answer.Entries?.[0]?.EventId;
  if (id === undefined) throw new Error("PutEvents answered no event id");
  return id;
}

/** What the recorder fixture recorded under `key`: attempts, function name and the event it got. */
async function recorded(key: string) {
  const { Item } = await dynamodb.send(
    new GetItemCommand({
      TableName: cloud.locator.tableName,
      Key: { pk: { S: `RECORD#${key}` }, sk: { S: "RECORD" } },
      ConsistentRead: true,
    }),
  );
  if (Item === undefined) return undefined;
  return {
    attempts: Number(Item.attempts?.N),
    functionName: Item.functionName?.S,
    event: JSON.parse(Item.event?.S ?? "null") as unknown,
  };
}

/** The event as the local EventBridge accepted it. */
function accepted(id: string): BusEvent {
  const found = cloud.events().find((e) => e.event.id === id);
  if (found === undefined) throw new Error(`event ${id} was not accepted`);
  return found.event;
}

describe("event rules", () => {
  it("delivers a matching event, as EventBridge does, to the rule's target after PutEvents has answered", async () => {
    const key = crypto.randomUUID();
    const id = await put("fixture.orders", "Order Placed", { key, total: 150 });

    // PutEvents answered before the target ran (a cold start alone takes longer than this read).
    expect(await recorded(key)).toBeUndefined();
    await cloud.eventRules.idle();

    expect(await recorded(key)).toEqual({
      attempts: 1,
      functionName: "rulesfix-local-rule-big-orders",
      event: accepted(id),
    });
    expect(accepted(id)).toMatchObject({
      version: "0",
      "detail-type": "Order Placed",
      source: "fixture.orders",
      account: "000000000000",
      region: cloud.region,
      resources: [],
      detail: { key, total: 150 },
    });
  });

  it("does not deliver an event the pattern does not match, nor one on another bus", async () => {
    const small = crypto.randomUUID();
    const otherSource = crypto.randomUUID();
    const otherBus = crypto.randomUUID();
    await put("fixture.orders", "Order Placed", { key: small, total: 50 });
    await put("fixture.other", "Order Placed", { key: otherSource, total: 500 });
    await put("fixture.orders", "Order Placed", { key: otherBus, total: 500 }, "default");
    await cloud.eventRules.idle();

    expect(await recorded(small)).toBeUndefined();
    expect(await recorded(otherSource)).toBeUndefined();
    expect(await recorded(otherBus)).toBeUndefined();
  });

  it("retries a failing target twice, then sends Lambda's invocation record to the events DLQ", async () => {
    const key = crypto.randomUUID();
    const id = await put("fixture.failures", "Doomed", { key });
    await cloud.eventRules.idle();

    expect((await recorded(key))?.attempts).toBe(3);
    const message = await receiveDeadLetter((record) => (record.requestPayload as BusEvent).id === id);
    expect(message.MessageAttributes).toBeUndefined();
    const record = JSON.parse(message.Body ?? "") as InvocationRecord;
    expect(record).toEqual({
      version: "1.0",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      requestContext: {
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        functionArn: `arn:aws:lambda:${cloud.region}:000000000000:function:rulesfix-local-rule-always-fails:$LATEST`,
        condition: "RetriesExhausted",
        approximateInvokeCount: 3,
      },
      requestPayload: accepted(id),
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      responsePayload: {
        errorType: "Error",
        errorMessage: `the fixture target failed on purpose (${key})`,
        trace: expect.any(Array),
      },
    });
    // Nothing swallowed: each failed attempt and the dead letter are logged.
    const lines = logged.filter((l) => l.message.includes(id)).map((l) => `${l.level} ${l.message}`);
    expect(lines.filter((l) => /^warn .*attempt \d of 3 failed/.test(l))).toHaveLength(3);
    expect(lines.some((l) => l.startsWith("error") && l.includes("sent to the events DLQ"))).toBe(true);
  });
});

describe("schedules", () => {
  it("fireNow invokes the schedule's target with EventBridge Scheduler's default notification", async () => {
    const before = Date.now();
    await cloud.schedules.fireNow("nightly");

    const got = await recorded("nightly");
    expect(got).toMatchObject({ attempts: 1, functionName: "rulesfix-local-schedule-nightly" });
    expect(got?.event).toEqual({
      version: "0",
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      "detail-type": "Scheduled Event",
      source: "aws.scheduler",
      account: "000000000000",
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: cloud.region,
      resources: [
        `arn:aws:scheduler:${cloud.region}:000000000000:schedule/default/rulesfix-local-schedule-nightly`,
      ],
      detail: "{}",
    });
    const time = Date.parse((got?.event as { time?: string } | undefined)?.time ?? "");
    expect(time).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(time).toBeLessThanOrEqual(Date.now());
  });

  it("refuses to fire a schedule that is not declared", async () => {
    await expect(cloud.schedules.fireNow("hourly")).rejects.toThrow('no schedule named "hourly"');
  });
});

/** Receives from the events DLQ until a message whose invocation record satisfies `wanted`. */
async function receiveDeadLetter(wanted: (record: InvocationRecord) => boolean): Promise<Message> {
  const queueUrl = cloud.locator.queueUrl("events-dlq");
  for (let round = 0; round < 10; round++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ["All"],
      }),
    );
    const found = Messages.find((m) => wanted(JSON.parse(m.Body ?? "{}") as InvocationRecord));
    if (found) return found;
  }
  throw new Error("no such message in the events DLQ");
}
