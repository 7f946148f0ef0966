import { type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { keyStaffOnIndex } from "#shared/adapters/dynamodb/identity/users-repository";
import { SingleTable } from "#shared/adapters/dynamodb/table";

/**
 * A one-off backfill: keys every staff user (reviewer or super-admin) created before the `STAFF`
 * index existed onto it, so `GET /api/admin/v1/staff` lists them. Staff created since are keyed when
 * created, so a second run finds none. This is the only place that scans the table, once per stage,
 * by an operator; the listing itself only ever queries the index.
 */
export async function indexStaff(
  client: DynamoDBClient,
  tableName: string,
  log: (line: string) => void = () => undefined,
): Promise<{ keyed: number }> {
  const table = new SingleTable({ client, tableName });
  let keyed = 0;
  let startKey: ScanCommand["input"]["ExclusiveStartKey"];
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression:
          "#entity = :user AND #scope = :platform AND #role IN (:reviewer, :superAdmin) AND attribute_not_exists(gsi2pk)",
        ExpressionAttributeNames: { "#entity": "entity", "#scope": "scope", "#role": "role", "#id": "id" },
        ExpressionAttributeValues: {
          ":user": { S: "USER" },
          ":platform": { S: "platform" },
          ":reviewer": { S: "reviewer" },
          ":superAdmin": { S: "super_admin" },
        },
        ProjectionExpression: "#id",
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const userId = item.id?.S;
      if (userId && (await keyStaffOnIndex(table, userId))) {
        keyed += 1;
        log(`staff user ${userId} keyed on the STAFF index`);
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { keyed };
}
