/**
 * The local cloud's counterpart of `npm run ops -- search migrate` after a deploy: once the cloud's
 * search node answers, the stage's indexes are brought to the definitions in the repository, as the
 * table is created when DynamoDB Local starts.
 */
import { lazySearchClient } from "#shared/adapters/search/client";
import { searchIndexes } from "#shared/adapters/search/mappings/registry";
import { migrateIndexes } from "#shared/adapters/search/migrate";
import type { Log } from "./log.ts";

/** Creates or updates `stage`'s search indexes on the node at `endpoint`. */
export async function migrateLocalSearch(
  endpoint: string,
  stage: string,
  connection: { region: string; credentials: { accessKeyId: string; secretAccessKey: string } },
  log: Log,
): Promise<void> {
  const client = await lazySearchClient({ endpoint, ...connection })();
  try {
    await migrateIndexes(client, stage, searchIndexes, (line) => log("debug", `search index ${line}`));
  } finally {
    await client.close();
  }
}
