import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { UpsertIdentity } from "./guarded-update.ts";

/** A windowed counter after `Scope.increment`. */
export interface WindowCount {
  /** Increments in the current window, this one included. */
  count: number;
  /** When the window ends, in epoch seconds; also the item's TTL. */
  expiresAt: number;
}

/** How many times each of the two writes is tried before the counter is called broken. */
const ROUNDS = 3;

/**
 * Adds one to a counter that lives for a fixed window, atomically (one `UpdateItem` with `ADD`), so
 * concurrent increments are all counted. The first increment opens a window of `windowSeconds` and
 * sets the item's TTL to its end; later ones only add, so hitting the counter never moves the end.
 * DynamoDB deletes expired items only eventually (hours or more after `ttl`), so an increment that
 * finds an ended window starts the next one at 1 itself. The item carries the kit's bookkeeping
 * (`version` counts every increment) and `count` and `expiresAt`, so `get` and `delete` serve it.
 */
export async function incrementWindowCounter(
  doc: DynamoDBDocumentClient,
  target: { tableName: string; key: Record<string, string>; item: UpsertIdentity },
  options: { windowSeconds: number; at: Date },
): Promise<WindowCount> {
  if (!Number.isInteger(options.windowSeconds) || options.windowSeconds < 1) {
    throw new Error(`Invalid counter window ${options.windowSeconds}; give whole seconds, at least 1`);
  }
  const now = Math.floor(options.at.getTime() / 1000);
  const common = {
    TableName: target.tableName,
    Key: target.key,
    ExpressionAttributeNames: {
      "#count": "count",
      "#expiresAt": "expiresAt",
      "#ttl": "ttl",
      "#version": "version",
      "#entity": "entity",
      "#id": "id",
      "#scope": "scope",
      "#createdAt": "createdAt",
      "#updatedAt": "updatedAt",
    },
    ExpressionAttributeValues: {
      ":one": 1,
      ":now": now,
      ":end": now + options.windowSeconds,
      ":entity": target.item.entity,
      ":id": target.item.id,
      ":scope": target.item.scope,
      ":at": options.at.toISOString(),
    },
    ReturnValues: "ALL_NEW" as const,
  };
  const bookkeeping =
    "#entity = :entity, #id = :id, #scope = :scope, #createdAt = if_not_exists(#createdAt, :at), #updatedAt = :at";
  const inWindow = {
    UpdateExpression: `ADD #count :one, #version :one SET #ttl = if_not_exists(#ttl, :end), #expiresAt = if_not_exists(#expiresAt, :end), ${bookkeeping}`,
    ConditionExpression: "attribute_not_exists(pk) OR #ttl > :now",
  };
  const nextWindow = {
    UpdateExpression: `SET #count = :one, #ttl = :end, #expiresAt = :end, ${bookkeeping} ADD #version :one`,
    ConditionExpression: "#ttl <= :now",
  };
  // Each failed condition means another increment moved the item between the two states; an item
  // that fits neither (no `ttl`) was not written by this function and fails every attempt.
  for (let round = 0; round < ROUNDS; round++) {
    for (const update of [inWindow, nextWindow]) {
      try {
        const result = await doc.send(new UpdateCommand({ ...common, ...update }));
        return { count: Number(result.Attributes?.count), expiresAt: Number(result.Attributes?.expiresAt) };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }
  const { entity, id } = target.item;
  throw new Error(`${entity} ${id} is not a windowed counter (it has no ttl), or kept changing under us`);
}
