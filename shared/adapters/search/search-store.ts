import { createHash } from "node:crypto";
import type { API } from "@opensearch-project/opensearch";
import { CursorCodec, type KeyAttributes } from "#shared/adapters/dynamodb/cursor";
import { onFirstUse } from "#shared/adapters/lazy-client";
import { canonicalJson } from "#shared/domain/canonical-json";
import type {
  FieldFilter,
  RemoveOutcome,
  SearchDocument,
  SearchReader,
  SearchRequest,
  SearchResult,
  SearchStore,
  TenantSearchIndex,
  WriteOutcome,
} from "#shared/domain/search/ports";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { SearchClientSource } from "./client.ts";
import { failureOf, statusOf } from "./failures.ts";
import { readResult } from "./hits.ts";
import { aliasName, type IndexDefinition } from "./mappings/index-definition.ts";
import { indexDefinition } from "./mappings/registry.ts";
import { buildSearch, documentKey, SORT_KEYS, type SortPosition, tenantFilter } from "./query-builder.ts";
import { documentBody } from "./write-body.ts";

export interface OpenSearchStoreOptions {
  /** The client, made on first use (`lazySearchClient`). */
  client: SearchClientSource;
  /** The stage whose indexes (aliases `${stage}-…`) this store addresses. */
  stage: string;
  /** Signs search cursors: the key, or how to load it on the first page that needs one. */
  cursorKey: Uint8Array | (() => Promise<Uint8Array>);
  /**
   * Whether a write waits until it is visible to searches (`wait_for`): for tests and rebuilds that
   * read their writes at once; an indexer leaves it to the index's refresh interval.
   * @default false
   */
  refresh?: boolean | "wait_for";
  /** Resolves an index name to its definition. @default the registry (`mappings/registry.ts`) */
  definitions?: (name: string) => IndexDefinition;
}

/**
 * The search store on OpenSearch. Documents are reached only through `forTenant` (reads and writes of
 * one tenant: each document carries the tenant, is routed by it, and its `_id` begins with it) or
 * `forTenants` (reads over tenants a caller was authorised for). Every query it sends has the tenant
 * filter (`query-builder.ts`).
 */
export class OpenSearchStore implements SearchStore {
  readonly #client: SearchClientSource;
  readonly #stage: string;
  readonly #cursors: () => Promise<CursorCodec>;
  readonly #refresh: boolean | "wait_for";
  readonly #definitions: (name: string) => IndexDefinition;

  constructor(options: OpenSearchStoreOptions) {
    this.#client = options.client;
    this.#stage = options.stage;
    const key = options.cursorKey;
    this.#cursors =
      typeof key === "function" ? onFirstUse(async () => new CursorCodec(await key())) : cursorsOf(key);
    this.#refresh = options.refresh ?? false;
    this.#definitions = options.definitions ?? indexDefinition;
  }

  forTenant(tenantId: TenantId, index: string): TenantSearchIndex {
    return new TenantIndex(this.#context(index), tenantId);
  }

  forTenants(tenantIds: readonly TenantId[], index: string): SearchReader {
    const context = this.#context(index);
    return { search: (request) => search(context, tenantIds, request) };
  }

  #context(index: string): Context {
    const definition = this.#definitions(index);
    return {
      client: this.#client,
      definition,
      alias: aliasName(this.#stage, definition.name),
      cursors: this.#cursors,
      refresh: this.#refresh,
    };
  }
}

interface Context {
  client: SearchClientSource;
  definition: IndexDefinition;
  alias: string;
  cursors: () => Promise<CursorCodec>;
  refresh: boolean | "wait_for";
}

function cursorsOf(key: Uint8Array): () => Promise<CursorCodec> {
  const codec = new CursorCodec(key);
  return () => Promise.resolve(codec);
}

/** One tenant's documents of one index. */
class TenantIndex implements TenantSearchIndex {
  readonly #context: Context;
  readonly #tenantId: TenantId;

  constructor(context: Context, tenantId: TenantId) {
    this.#context = context;
    this.#tenantId = tenantId;
  }

  search(request: SearchRequest): Promise<SearchResult> {
    return search(this.#context, [this.#tenantId], request);
  }

  async put(document: SearchDocument): Promise<WriteOutcome> {
    const client = await this.#context.client();
    try {
      await client.index({
        index: this.#context.alias,
        id: documentKey(this.#tenantId, document.id),
        routing: this.#tenantId,
        version: checkedVersion(document.version),
        version_type: "external",
        refresh: this.#context.refresh,
        body: documentBody(this.#tenantId, document),
      });
      return "written";
    } catch (error) {
      if (statusOf(error) === 409) return "stale";
      throw failureOf(error, "index a document");
    }
  }

  async putMany(documents: readonly SearchDocument[]): Promise<WriteOutcome[]> {
    if (documents.length === 0) return [];
    const client = await this.#context.client();
    const body = documents.flatMap((document) => [
      {
        index: {
          _index: this.#context.alias,
          _id: documentKey(this.#tenantId, document.id),
          routing: this.#tenantId,
          version: checkedVersion(document.version),
          version_type: "external",
        },
      },
      documentBody(this.#tenantId, document),
    ]);
    const response = await client
      .bulk({ body, refresh: this.#context.refresh })
      .catch((error: unknown) => Promise.reject(failureOf(error, "index documents")));
    const items = (response.body as { items: { index?: { status: number; error?: unknown } }[] }).items;
    return items.map((item, i) => {
      const status = item.index?.status ?? 0;
      if (status === 409) return "stale";
      if (status >= 200 && status < 300) return "written";
      throw new Error(`Indexing document ${documents[i]?.id} failed with ${status}`, {
        cause: item.index?.error,
      });
    });
  }

  async remove(id: string, version?: number): Promise<RemoveOutcome> {
    const client = await this.#context.client();
    try {
      await client.delete({
        index: this.#context.alias,
        id: documentKey(this.#tenantId, id),
        routing: this.#tenantId,
        refresh: this.#context.refresh,
        // `external_gte`: an archive that reuses the item's version still removes what that version wrote.
        ...(version === undefined ? {} : { version: checkedVersion(version), version_type: "external_gte" }),
      });
      return "removed";
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return "absent";
      if (status === 409) return "stale";
      throw failureOf(error, "remove a document");
    }
  }

  async removeWhere(filters: readonly FieldFilter[]): Promise<number> {
    const client = await this.#context.client();
    // The query goes through the builder, so it has the tenant filter like every other.
    const { body } = buildSearch(this.#context.definition, [this.#tenantId], { filters, size: 1 });
    const response = await client
      .deleteByQuery({
        index: this.#context.alias,
        routing: this.#tenantId,
        conflicts: "proceed",
        refresh: this.#context.refresh !== false,
        body: { query: body.query } as API.DeleteByQuery_RequestBody,
      })
      .catch((error: unknown) => Promise.reject(failureOf(error, "remove documents")));
    return (response.body as { deleted?: number }).deleted ?? 0;
  }

  clear(): Promise<number> {
    return this.removeWhere([]);
  }
}

/** One page of a search over `tenantIds`, an empty result when there are none. */
async function search(
  context: Context,
  tenantIds: readonly TenantId[],
  request: SearchRequest,
): Promise<SearchResult> {
  if (tenantIds.length === 0) return { hits: [], total: 0, counts: {} };
  // Validates the tenants before anything is sent.
  tenantFilter(tenantIds);
  const scope = cursorScope(context, tenantIds, request);
  const after = request.cursor ? await decodeCursor(context, scope, request.cursor) : undefined;
  const { body, routing, size } = buildSearch(context.definition, tenantIds, request, after);
  const client = await context.client();
  const response = await client
    .search({ index: context.alias, routing, body })
    .catch((error: unknown) => Promise.reject(failureOf(error, "search")));
  const result = readResult(response.body, size);
  const nextCursor = result.last
    ? (await context.cursors()).encode(scope, positionOf(result.last))
    : undefined;
  return {
    hits: result.hits,
    total: result.total,
    counts: result.counts,
    ...(nextCursor ? { nextCursor } : {}),
  };
}

/** What a cursor is bound to: the index, the tenants and the request (all but the cursor). */
function cursorScope(context: Context, tenantIds: readonly TenantId[], request: SearchRequest): string {
  const { cursor: _cursor, ...rest } = request;
  const digest = createHash("sha256")
    .update(canonicalJson({ tenants: [...new Set(tenantIds)].sort(), request: rest }))
    .digest("base64url");
  return `search|${context.alias}|${digest}`;
}

function positionOf(sort: SortPosition): KeyAttributes {
  return { p: JSON.stringify(sort) };
}

async function decodeCursor(context: Context, scope: string, cursor: string): Promise<SortPosition> {
  const codec = await context.cursors();
  const key = codec.decode(scope, cursor, (k) => parsePosition(k) !== undefined);
  return parsePosition(key) ?? [];
}

function parsePosition(key: KeyAttributes): SortPosition | undefined {
  if (Object.keys(key).length !== 1 || typeof key.p !== "string") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(key.p);
  } catch {
    // The HMAC already matched, so this cannot be a caller's tampering: refuse it like any bad cursor.
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== SORT_KEYS) return undefined;
  return value.every((v) => typeof v === "string" || typeof v === "number" || v === null)
    ? (value as SortPosition)
    : undefined;
}

function checkedVersion(version: number): number {
  if (!Number.isSafeInteger(version) || version < 1) throw new Error(`Invalid document version ${version}`);
  return version;
}
