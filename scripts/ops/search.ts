/**
 * `npm run ops -- search migrate|reindex --stage <stage> --endpoint <url>`: brings the stage's search
 * indexes to the definitions in the repository (`shared/adapters/search/migrate.ts`), or rebuilds
 * their documents from the table (`search-reindex.ts`).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { migrateStage } from "#shared/adapters/search/migrate";
import { platform } from "#shared/contracts/platform";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { resourceName } from "#shared/platform/declaration/naming";
import { reindexStage } from "./search-reindex.ts";

export const SEARCH_USAGE = `search migrate       --endpoint <url>: create or update the stage's search indexes behind their
                       aliases; a changed mapping version reindexes into a new index and swaps the alias
  search reindex       --endpoint <url> [--tenant <id>]: rebuild the search documents (content, runs,
                       brand, knowledge documents and chunks) from the table, every tenant of the
                       tenant listing or one; exits 1 when any tenant failed`;

/** Runs `search <sub>`; answers a usage message for a command line it cannot read. */
export async function runSearchCommand(
  sub: string | undefined,
  options: { stage: string; endpoint: string | undefined; tenant?: string | undefined },
  log: (line: string) => void,
): Promise<string | undefined> {
  if (sub !== "migrate" && sub !== "reindex")
    return `unknown search command "${sub ?? ""}"\n\n${SEARCH_USAGE}`;
  const endpoint = options.endpoint ?? process.env.SEARCH_ENDPOINT;
  if (!endpoint) return `search ${sub} needs --endpoint (or SEARCH_ENDPOINT)`;
  if (sub === "migrate") {
    await migrateStage({ endpoint }, options.stage, log);
    return undefined;
  }
  const dynamodb = new DynamoDBClient({});
  try {
    await reindexStage(
      {
        dynamodb,
        tableName: resourceName(platform.app, options.stage, platform.table.name),
        search: { endpoint },
        stage: options.stage,
        ...(options.tenant === undefined ? {} : { tenantId: parseTenantId(options.tenant) }),
        // The embedder of the stage's model configuration, as the indexer has it.
        ...(process.env.AGENT_MODELS === undefined ? {} : { agentModels: process.env.AGENT_MODELS }),
      },
      log,
    );
  } finally {
    dynamodb.destroy();
  }
  return undefined;
}
