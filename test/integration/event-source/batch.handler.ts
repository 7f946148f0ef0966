import { setTimeout as sleep } from "node:timers/promises";
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { BatchInstruction } from "./instructions.ts";

/**
 * Fixture queue function: records every event it gets in DynamoDB (`ESM#<run>`, one item per
 * invocation and run, the whole event as JSON), then answers as its messages ask (`BatchInstruction`).
 */
const tableName = process.env.TABLE_NAME;
if (tableName === undefined) throw new Error("missing environment variable TABLE_NAME");
const dynamodb = new DynamoDBClient({});

interface Instructed extends BatchInstruction {
  record: SQSRecord;
}

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse | object | null> {
  const at = Date.now();
  const instructed: Instructed[] = event.Records.map((record) => ({
    ...(JSON.parse(record.body) as BatchInstruction),
    record,
  }));
  for (const run of new Set(instructed.map((i) => i.run))) {
    await dynamodb.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: `ESM#${run}` },
          sk: { S: `${at}#${context.awsRequestId}` },
          at: { N: String(at) },
          event: { S: JSON.stringify(event) },
        },
      }),
    );
  }
  const acting = instructed.filter(
    (i) => Number(i.record.attributes.ApproximateReceiveCount) <= (i.times ?? Number.POSITIVE_INFINITY),
  );
  const does = (what: BatchInstruction["do"]) => acting.filter((i) => i.do === what);
  if (does("throw").length > 0) throw new Error("the fixture failed its batch on purpose");
  if (does("sleep").length > 0) await sleep(context.getRemainingTimeInMillis() + 5000);
  const malformed = does("malformed")[0];
  if (malformed) {
    return {
      batchItemFailures: [{ itemIdentifier: "answer" in malformed ? malformed.answer : "no-such-message" }],
    };
  }
  if (instructed.every((i) => i.do === "null")) return null;
  if (instructed.every((i) => i.do === "no-list")) return {};
  if (instructed.every((i) => i.do === "empty-list")) return { batchItemFailures: [] };
  return { batchItemFailures: does("fail").map((i) => ({ itemIdentifier: i.record.messageId })) };
}
