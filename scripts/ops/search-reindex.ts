/**
 * `npm run ops -- search reindex --stage <stage> --endpoint <url> [--tenant <id>]`: rebuilds the
 * stage's search documents from the table (`shared/domain/search/reindex.ts`) — content, finished
 * runs, brand profiles, knowledge documents and their chunks — through the tenant listing, never a
 * Scan. Prints a line per tenant and a summary; anything that failed fails the command (exit 1).
 */
import { randomBytes } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createRunRepository } from "#shared/adapters/dynamodb/agents/runs-repository";
import { createBrandRepository } from "#shared/adapters/dynamodb/brand/brand-repository";
import { createContentRepository } from "#shared/adapters/dynamodb/content/content-repository";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { createTenantsRepository } from "#shared/adapters/dynamodb/identity/tenants-repository";
import { createKnowledgeRepository } from "#shared/adapters/dynamodb/knowledge/knowledge-repository";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { createEmbedder } from "#shared/adapters/embeddings/resolve-embedder";
import { loadModelConfig } from "#shared/adapters/llm/model-config";
import { lazySearchClient, type SearchConnection } from "#shared/adapters/search/client";
import { createChunkIndex } from "#shared/adapters/search/knowledge-chunks";
import { OpenSearchStore } from "#shared/adapters/search/search-store";
import { type ReindexCounts, type ReindexSummary, reindex } from "#shared/domain/search/reindex";
import { CONTENT_INDEX } from "#shared/domain/search/search-document";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";

export interface ReindexStageOptions {
  dynamodb: DynamoDBClient;
  tableName: string;
  /** The search domain (or local node) of the stage. */
  search: SearchConnection;
  stage: string;
  /** Only this tenant. @default every tenant */
  tenantId?: TenantId;
  /** The stage's model configuration (`AGENT_MODELS`), for the knowledge chunks' embedder. @default offline */
  agentModels?: string;
}

/** Something failed: the summary was printed; the command exits 1. */
export class ReindexFailedError extends Error {
  constructor(readonly summary: ReindexSummary) {
    super(
      `search reindex: ${summary.counts.failed} item(s) failed, in ${summary.failedTenants.length} tenant(s): ${summary.failedTenants.join(", ")}`,
    );
    this.name = "ReindexFailedError";
  }
}

const countsLine = (c: ReindexCounts) =>
  `${c.written} written, ${c.stale} stale, ${c.removed} removed, ${c.chunks} chunks, ${c.failed} failed`;

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Rebuilds the stage's search documents; throws `ReindexFailedError` (after the summary) if anything failed. */
export async function reindexStage(
  options: ReindexStageOptions,
  log: (line: string) => void,
): Promise<ReindexSummary> {
  // The listings' cursors live only in this process: any key will do.
  const table = new SingleTable({
    client: options.dynamodb,
    tableName: options.tableName,
    cursorKey: randomBytes(32),
  });
  const made = lazySearchClient(options.search);
  let used = false;
  const client = () => {
    used = true;
    return made();
  };
  const store = new OpenSearchStore({ client, stage: options.stage, cursorKey: randomBytes(32) });
  const documents = createKnowledgeRepository(table);
  const embedder = createEmbedder({ config: loadModelConfig(options.agentModels) });
  // Chunks are embedded again: say with which model, since vectors of two models do not compare and
  // a stage's indexer embeds with the model its configuration names.
  log(`knowledge chunks are embedded with ${embedder.model} (${embedder.dimensions} dimensions)`);
  try {
    const summary = await reindex(
      {
        tenants: createTenantsRepository(table),
        content: createContentRepository(table),
        runs: createRunRepository(table, createCredits(table)),
        brand: createBrandRepository(table),
        documents,
        index: (tenantId) => store.forTenant(tenantId, CONTENT_INDEX),
        knowledge: {
          documents,
          embedder,
          chunks: createChunkIndex(store),
        },
      },
      {
        ...(options.tenantId ? { tenantId: options.tenantId } : {}),
        onItemFailure: ({ tenantId, item, error }) => log(`  ${tenantId}: ${item} failed: ${reason(error)}`),
        onTenant: (report) =>
          log(
            `tenant ${report.tenantId}: ${countsLine(report.counts)}${report.ok ? "" : ` — FAILED: ${reason(report.error)}`}`,
          ),
      },
    );
    log(`search reindex of ${options.stage}: ${summary.tenants} tenant(s); ${countsLine(summary.counts)}`);
    if (summary.failedTenants.length > 0) throw new ReindexFailedError(summary);
    return summary;
  } finally {
    // Closed only if it was made: making one here could hide the error that ended the rebuild.
    if (used) await (await made()).close();
  }
}
