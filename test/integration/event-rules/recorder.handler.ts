import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import type { Context } from "aws-lambda";

/**
 * Fixture target of the event-rules fixture's rules and schedule. Every attempt is recorded in
 * DynamoDB under `RECORD#<key>`: how many attempts there were, the function that ran and the event it
 * got, as JSON. The key is the event's `detail.key` or, for a schedule (whose detail is the string
 * "{}"), the schedule's name. The target of `always-fails` records, then throws.
 */
const tableName = process.env.TABLE_NAME;
if (tableName === undefined) throw new Error("missing environment variable TABLE_NAME");
const dynamodb = new DynamoDBClient({});
const service = process.env.POWERTOOLS_SERVICE_NAME ?? "";

export async function handler(event: { detail?: unknown }, context: Context): Promise<unknown> {
  const detail = event.detail;
  const key = typeof detail === "object" && detail !== null && "key" in detail ? String(detail.key) : service;
  await dynamodb.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: { pk: { S: `RECORD#${key}` }, sk: { S: "RECORD" } },
      UpdateExpression: "ADD attempts :one SET #event = :event, functionName = :fn",
      ExpressionAttributeNames: { "#event": "event" },
      ExpressionAttributeValues: {
        ":one": { N: "1" },
        ":event": { S: JSON.stringify(event) },
        ":fn": { S: context.functionName },
      },
    }),
  );
  if (service === "always-fails") throw new Error(`the fixture target failed on purpose (${key})`);
  return { recorded: key };
}
