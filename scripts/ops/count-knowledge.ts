import { type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import {
  KNOWLEDGE_ENTITIES,
  setDocumentCount,
} from "#shared/adapters/dynamodb/knowledge/knowledge-repository";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";

/**
 * A one-off recount: sets every tenant's knowledge document count (`KNOWLEDGE_STATS#all`, which
 * retrieval asks before searching) to the documents it holds. Documents stored before the count
 * existed are otherwise invisible to retrieval. Run it once per stage right after deploying the count,
 * while nobody adds or deletes knowledge (a change during the scan may be counted twice or missed;
 * running it again corrects that). Counts already right are left alone, so a second run writes none.
 * Like `index-staff`, an operator's scan, never a request's.
 */
export async function countKnowledge(
  client: DynamoDBClient,
  tableName: string,
  log: (line: string) => void = () => undefined,
): Promise<{ tenants: number; corrected: number }> {
  const table = new SingleTable({ client, tableName });
  const held = new Map<string, number>();
  const recorded = new Map<string, number>();
  let startKey: ScanCommand["input"]["ExclusiveStartKey"];
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "#entity IN (:document, :count) AND begins_with(#scope, :tenant)",
        ExpressionAttributeNames: { "#entity": "entity", "#scope": "scope", "#documents": "documents" },
        ExpressionAttributeValues: {
          ":document": { S: KNOWLEDGE_ENTITIES.document },
          ":count": { S: KNOWLEDGE_ENTITIES.count },
          ":tenant": { S: "tenant:" },
        },
        ProjectionExpression: "#entity, #scope, #documents",
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const tenant = item.scope?.S?.slice("tenant:".length);
      if (!tenant) continue;
      if (item.entity?.S === KNOWLEDGE_ENTITIES.document) held.set(tenant, (held.get(tenant) ?? 0) + 1);
      else recorded.set(tenant, Number(item.documents?.N ?? 0));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  let corrected = 0;
  for (const tenant of new Set([...held.keys(), ...recorded.keys()])) {
    const documents = held.get(tenant) ?? 0;
    if (recorded.get(tenant) === documents || (documents === 0 && !recorded.has(tenant))) continue;
    await setDocumentCount(table, parseTenantId(tenant), documents);
    corrected += 1;
    log(`tenant ${tenant}: ${documents} knowledge document(s), recorded ${recorded.get(tenant) ?? "none"}`);
  }
  return { tenants: held.size, corrected };
}
