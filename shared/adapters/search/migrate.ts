/**
 * Brings a stage's indexes to the definitions in the repository (`npm run ops -- search migrate`, and
 * the local cloud at start). For each definition, idempotently:
 *
 * - its index (`${stage}-${name}-v${version}`) is created if missing, else given the definition's
 *   mapping (fields may be added in place; a changed type or analyzer needs a new version);
 * - when the alias (`${stage}-${name}`) points at an older version, the documents are reindexed into
 *   the new index (keeping their versions and routing), the alias moves in one atomic request, and a
 *   second pass copies what was written to the old index meanwhile (only newer versions win). The old
 *   index is kept for a rollback; `search reindex` rebuilds from the table if anything was missed.
 */
import type { API, Client } from "@opensearch-project/opensearch";
import { lazySearchClient, type SearchConnection } from "./client.ts";
import { statusOf } from "./failures.ts";
import { aliasName, type IndexDefinition, physicalName } from "./mappings/index-definition.ts";
import { searchIndexes } from "./mappings/registry.ts";

/** What the migration did to one index. */
export interface MigrationStep {
  alias: string;
  index: string;
  action: "created" | "mapping-updated" | "migrated";
  /** The indexes the alias left, on `migrated`. */
  from?: string[];
  /** Documents copied, on `migrated`. */
  copied?: number;
}

/**
 * Brings `stage`'s indexes on the domain (or node) at `connection` to the repository's definitions,
 * with a client of its own: what `npm run ops -- search migrate` runs after a deploy and the local
 * cloud as it starts.
 */
export async function migrateStage(
  connection: SearchConnection,
  stage: string,
  log?: (line: string) => void,
): Promise<MigrationStep[]> {
  const client = await lazySearchClient(connection)();
  try {
    return await migrateIndexes(client, stage, searchIndexes, log);
  } finally {
    await client.close();
  }
}

export async function migrateIndexes(
  client: Client,
  stage: string,
  definitions: readonly IndexDefinition[],
  log: (line: string) => void = () => undefined,
): Promise<MigrationStep[]> {
  const steps: MigrationStep[] = [];
  for (const definition of definitions) {
    const step = await migrateOne(client, stage, definition);
    log(
      `${step.alias} → ${step.index}: ${step.action}${step.from ? ` from ${step.from.join(", ")} (${step.copied} documents)` : ""}`,
    );
    steps.push(step);
  }
  return steps;
}

async function migrateOne(
  client: Client,
  stage: string,
  definition: IndexDefinition,
): Promise<MigrationStep> {
  const alias = aliasName(stage, definition.name);
  const index = physicalName(stage, definition);
  const created = await ensureIndex(client, index, definition);
  const current = await aliasTargets(client, alias);
  const previous = current.filter((name) => name !== index);
  if (previous.length === 0) {
    if (current.length === 0) await moveAlias(client, alias, [], index);
    return { alias, index, action: created ? "created" : "mapping-updated" };
  }
  const copied = await copy(client, previous, index);
  await moveAlias(client, alias, previous, index);
  // Writes that reached the old index between the copy and the move.
  await copy(client, previous, index);
  return { alias, index, action: "migrated", from: previous, copied };
}

/** Creates the index, or puts the definition's mapping on it; answers whether it was created. */
async function ensureIndex(client: Client, index: string, definition: IndexDefinition): Promise<boolean> {
  const exists = await client.indices.exists({ index });
  if (!exists.body) {
    try {
      await client.indices.create({
        index,
        // The definitions are checked against the node by the migration test, not by these types.
        body: {
          settings: definition.settings,
          mappings: definition.mappings,
        } as API.Indices_Create_RequestBody,
      });
      return true;
    } catch (error) {
      // Another migration (a second test cloud on the same node) created it first.
      if (
        statusOf(error) !== 400 ||
        !String(JSON.stringify((error as { body?: unknown }).body)).includes("resource_already_exists")
      ) {
        throw error;
      }
    }
  }
  await client.indices.putMapping({ index, body: definition.mappings as API.Indices_PutMapping_RequestBody });
  return false;
}

/** The indexes an alias points at (none when it does not exist). */
async function aliasTargets(client: Client, alias: string): Promise<string[]> {
  try {
    const response = await client.indices.getAlias({ name: alias });
    return Object.keys(response.body as Record<string, unknown>);
  } catch (error) {
    if (statusOf(error) === 404) return [];
    throw error;
  }
}

async function moveAlias(client: Client, alias: string, from: readonly string[], to: string): Promise<void> {
  await client.indices.updateAliases({
    body: {
      actions: [
        ...from.map((index) => ({ remove: { index, alias } })),
        { add: { index: to, alias, is_write_index: true } },
      ],
    },
  });
}

/** Copies documents keeping their external versions (an older copy never overwrites a newer one). */
async function copy(client: Client, from: readonly string[], to: string): Promise<number> {
  const response = await client.reindex({
    wait_for_completion: true,
    refresh: true,
    body: {
      conflicts: "proceed",
      source: { index: [...from] },
      dest: { index: to, version_type: "external" },
    },
  });
  const body = response.body as { created?: number; updated?: number; failures?: unknown[] };
  if (body.failures && body.failures.length > 0) {
    throw new Error(`Reindexing into ${to} failed`, { cause: body.failures });
  }
  return (body.created ?? 0) + (body.updated ?? 0);
}
