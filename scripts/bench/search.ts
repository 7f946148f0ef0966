/**
 * `npm run bench:search`: search and retrieval latency on the local cloud, and how it grows with
 * the corpus.
 *
 * Setup: a local cloud with its own OpenSearch node; `BENCH_TENANTS` (default 100) tenants written
 * through the identity store, each with a member signed in through the API. The corpus grows to each
 * of `BENCH_SIZES` (default 10,000 and 100,000) search documents in turn, spread evenly over the
 * tenants — blog posts and agent runs built by the search indexer's own sources — and
 * `BENCH_KNOWLEDGE_PER_1000` (default 50) knowledge documents per 1,000 search documents, chunked and
 * embedded (local embedder) by the indexing use case the search indexer runs. Both are written in bulk straight
 * into the stage's indexes through the adapter's store, then refreshed (`search-setup.ts`).
 *
 * Measured at each size, one request at a time, after `BENCH_WARMUP` (default 50) unmeasured:
 * - search through the API: `GET /api/tenant/v1/search?q=…` with a member's token, through the front
 *   door, the authorizer (its cache on, 30 s) and the search function;
 * - the reference, in the same run: the same query sent straight to OpenSearch by the same use case
 *   and store the function runs (`searchTenant` on `OpenSearchStore`), so the request is identical;
 *   the two alternate query by query, and each pair must find the same items;
 * - retrieval for an agent prompt: `retrieveSources` (embed the brief with the local embedder, then
 *   keyword and k-NN searches of the tenant's chunks, fused), as the agent runner calls it; every
 *   source found must be one of the tenant's documents.
 * `BENCH_QUERIES` (default 400) searches and `BENCH_RETRIEVALS` (default 200) retrievals per size,
 * round robin over the tenants. The command exits non-zero when a pair disagrees or a retrieval
 * returns another tenant's chunk.
 */
import { availableParallelism, loadavg } from "node:os";
import { startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { createLocalEmbedder } from "#shared/adapters/embeddings/local-embedder";
import { retrieveSources } from "#shared/domain/knowledge/retrieve";
import { type FoundPage, searchTenant } from "#shared/domain/search/search-items";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { agentBriefs, searchQueries } from "./search-corpus.ts";
import {
  type BenchTenant,
  benchTenants,
  indexKnowledge,
  indexSearchDocuments,
  refreshed,
  type SearchSide,
  searchSide,
} from "./search-setup.ts";
import { ms, percentile } from "./stats.ts";

/** `BENCH_NAME` as a whole number ≥ `min`, else the default. */
function option(name: string, fallback: number, min = 1): number {
  const raw = process.env[`BENCH_${name}`];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`BENCH_${name} must be an integer ≥ ${min}, not ${raw}`);
  return value;
}

const SIZES = (process.env.BENCH_SIZES ?? "10000,100000")
  .split(",")
  .map((s) => Number(s.trim()))
  .sort((a, b) => a - b);
const TENANTS = option("TENANTS", 100);
const QUERIES = option("QUERIES", 400);
const RETRIEVALS = option("RETRIEVALS", 200);
const WARMUP = option("WARMUP", 50, 0);
const KNOWLEDGE_PER_1000 = option("KNOWLEDGE_PER_1000", 50, 0);

/** The figures of one corpus size. */
interface SizeResult {
  size: number;
  contentDocs: number;
  contentBytes: number;
  chunks: number;
  chunkBytes: number;
  knowledgeDocs: number;
  /** Search documents written per second while growing to this size (bulk, refresh excluded). */
  docsPerSecond: number;
  /** Knowledge chunks chunked, embedded and written per second while growing to this size. */
  chunksPerSecond: number;
  api: number[];
  direct: number[];
  retrieval: number[];
  /** Mean matching items per search (grows with a tenant's corpus). */
  meanTotal: number;
  /** Mean sources per retrieval (at most 5). */
  meanSources: number;
  disagreements: number;
  crossTenant: number;
  emptyRetrievals: number;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

/** One search through the front door as the tenant's member; anything but a 200 throws. */
async function apiSearch(apiUrl: string, tenant: BenchTenant, q: string): Promise<FoundPage> {
  const response = await fetch(`${apiUrl}/api/tenant/v1/search?q=${encodeURIComponent(q)}`, {
    headers: { authorization: `Bearer ${tenant.token}` },
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`search answered ${response.status}: ${text}`);
  return JSON.parse(text) as FoundPage;
}

const sameItems = (a: FoundPage, b: FoundPage) =>
  a.total === b.total && a.items.map((i) => i.id).join() === b.items.map((i) => i.id).join();

/** Searches at one size: API and reference alternately, the same query and tenant for both. */
async function measureSearch(apiUrl: string, side: SearchSide, tenants: readonly BenchTenant[]) {
  const queries = searchQueries(WARMUP + QUERIES);
  const api: number[] = [];
  const direct: number[] = [];
  let disagreements = 0;
  let totals = 0;
  for (let i = 0; i < queries.length; i++) {
    const q = queries[i] as string;
    const tenant = tenants[i % tenants.length] as BenchTenant;
    const viaApi = () => timed(() => apiSearch(apiUrl, tenant, q));
    const straight = () => timed(() => searchTenant({ search: side.store }, tenant.tenantId, { q }));
    // Alternated, so neither side is always the one that finds the node's caches warm.
    let a: [FoundPage, number];
    let d: [FoundPage, number];
    if (i % 2 === 0) {
      a = await viaApi();
      d = await straight();
    } else {
      d = await straight();
      a = await viaApi();
    }
    if (i < WARMUP) continue;
    api.push(a[1]);
    direct.push(d[1]);
    totals += d[0].total;
    if (!sameItems(a[0], d[0])) disagreements++;
  }
  return { api, direct, disagreements, meanTotal: totals / QUERIES };
}

/** Retrievals at one size, as the agent runner asks for a prompt's sources. */
async function measureRetrieval(
  side: SearchSide,
  tenants: readonly BenchTenant[],
  owners: ReadonlyMap<string, TenantId>,
) {
  // Every tenant measured has knowledge documents (indexed straight from the corpus, not stored in the
  // table), so retrieval's first question is answered yes without a read.
  const deps = {
    documents: { hasDocuments: async () => true },
    embedder: createLocalEmbedder(),
    chunks: side.chunks,
  };
  const briefs = agentBriefs(WARMUP + RETRIEVALS);
  const samples: number[] = [];
  let crossTenant = 0;
  let empty = 0;
  let sources = 0;
  for (let i = 0; i < briefs.length; i++) {
    const tenant = tenants[i % tenants.length] as BenchTenant;
    const [found, elapsed] = await timed(() => retrieveSources(deps, tenant.tenantId, briefs[i] as string));
    if (i < WARMUP) continue;
    samples.push(elapsed);
    sources += found.length;
    if (found.length === 0) empty++;
    crossTenant += found.filter((s) => owners.get(s.documentId) !== tenant.tenantId).length;
  }
  return { retrieval: samples, crossTenant, emptyRetrievals: empty, meanSources: sources / RETRIEVALS };
}

const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);
const p = (values: readonly number[], q: number) => percentile(sorted(values), q);
const count = (n: number) => n.toLocaleString("en-US");
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MiB`;

function report(results: readonly SizeResult[], startupMs: number, setupMs: number): void {
  const first = results[0] as SizeResult;
  const last = results[results.length - 1] as SizeResult;
  const growth = (of: (r: SizeResult) => number) =>
    results.length > 1 ? `×${(of(last) / of(first)).toFixed(2)}` : "";
  const row = (name: string, of: (r: SizeResult) => number, show: (v: number) => string = ms) =>
    `| ${name} | ${results.map((r) => show(of(r))).join(" | ")} | ${growth(of)} |`;
  const [load1, load5] = loadavg();
  console.log(
    `Search: local cloud and OpenSearch node, ${TENANTS} tenants, ${QUERIES} searches and ${RETRIEVALS} retrievals per size, one at a time after ${WARMUP} unmeasured (node ${process.version}, ${availableParallelism()} cores, load ${load1?.toFixed(2)} / ${load5?.toFixed(2)})`,
  );
  console.log(
    `Local cloud up in ${(startupMs / 1000).toFixed(1)} s; tenants seeded and members signed in in ${(setupMs / 1000).toFixed(1)} s.`,
  );
  console.log("");
  console.log(`| measurement | ${results.map((r) => `${count(r.size)} docs`).join(" | ")} | growth |`);
  console.log(`|---|${results.map(() => "---:").join("|")}|---:|`);
  console.log(row("search documents (content index)", (r) => r.contentDocs, count));
  console.log(row("… per tenant", (r) => r.contentDocs / TENANTS, count));
  console.log(row("content index size", (r) => r.contentBytes, mib));
  console.log(row("knowledge documents", (r) => r.knowledgeDocs, count));
  console.log(row("knowledge chunks (chunk index)", (r) => r.chunks, count));
  console.log(row("chunk index size", (r) => r.chunkBytes, mib));
  const rate = (v: number) => `${count(Math.round(v))}/s`;
  console.log(row("bulk indexing, search documents", (r) => r.docsPerSecond, rate));
  console.log(row("bulk indexing, knowledge chunks (embedded)", (r) => r.chunksPerSecond, rate));
  console.log(
    row(
      "mean matches per search",
      (r) => r.meanTotal,
      (v) => v.toFixed(0),
    ),
  );
  console.log(row("**search via API p50**", (r) => p(r.api, 0.5)));
  console.log(row("search via API p99", (r) => p(r.api, 0.99)));
  console.log(row("ref: same query straight to OpenSearch p50", (r) => p(r.direct, 0.5)));
  console.log(row("ref: same query straight to OpenSearch p99", (r) => p(r.direct, 0.99)));
  console.log(row("API − reference, p50", (r) => p(r.api, 0.5) - p(r.direct, 0.5)));
  console.log(row("**retrieval for a prompt p50**", (r) => p(r.retrieval, 0.5)));
  console.log(row("retrieval for a prompt p99", (r) => p(r.retrieval, 0.99)));
  console.log(
    row(
      "mean sources per retrieval",
      (r) => r.meanSources,
      (v) => v.toFixed(2),
    ),
  );
  console.log("");
  console.log(
    "Search: one page of 20 with highlights and counts by type and status, typo-tolerant. Retrieval: embed the brief, keyword + k-NN over the tenant's chunks, fused; 5 sources.",
  );
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  if (SIZES.some((s) => !Number.isInteger(s) || s < TENANTS))
    throw new Error(`BENCH_SIZES must be whole numbers of at least BENCH_TENANTS (${TENANTS})`);
  const cloudStarted = performance.now();
  const cloud = await startLocalCloud({
    log: consoleLog("error"),
    functionLogLevel: "WARN",
    authorizerCacheTtlSeconds: 30,
    // Tokens outlive the run, however long the largest corpus takes to index.
    accessTokenTtlSeconds: 3600,
    // No agent runs here: the queue consumers would only take CPU from the node.
    consumers: false,
  });
  const startupMs = performance.now() - cloudStarted;
  const results: SizeResult[] = [];
  let setupMs = 0;
  let side: SearchSide | undefined;
  try {
    side = await searchSide(cloud);
    const settingUp = performance.now();
    console.error(`Seeding ${TENANTS} tenants and signing their members in…`);
    const tenants = await benchTenants(cloud, TENANTS);
    setupMs = performance.now() - settingUp;
    const owners = new Map<string, TenantId>();
    let indexed = 0;
    let knowledge = 0;
    for (const size of SIZES) {
      const knowledgeTarget = Math.round((size * KNOWLEDGE_PER_1000) / 1000);
      console.error(
        `Indexing to ${count(size)} documents and ${count(knowledgeTarget)} knowledge documents…`,
      );
      const [, docsMs] = await timed(() => indexSearchDocuments(side as SearchSide, tenants, indexed, size));
      const [chunksWritten, chunksMs] = await timed(() =>
        indexKnowledge(side as SearchSide, tenants, knowledge, knowledgeTarget, owners),
      );
      const docsPerSecond = (size - indexed) / (docsMs / 1000);
      const chunksPerSecond = chunksWritten / (chunksMs / 1000);
      indexed = size;
      knowledge = knowledgeTarget;
      const stats = await refreshed(side);
      if (stats.content.docs !== size)
        throw new Error(`the content index holds ${stats.content.docs} documents, not ${size}`);
      console.error(`Measuring at ${count(size)} documents…`);
      const search = await measureSearch(cloud.urls.api, side, tenants);
      const retrieval = await measureRetrieval(side, tenants, owners);
      results.push({
        size,
        contentDocs: stats.content.docs,
        contentBytes: stats.content.bytes,
        chunks: stats.chunks.docs,
        chunkBytes: stats.chunks.bytes,
        knowledgeDocs: knowledge,
        docsPerSecond,
        chunksPerSecond,
        ...search,
        ...retrieval,
      });
    }
  } finally {
    await side?.client.close();
    await cloud.stop();
  }
  report(results, startupMs, setupMs);
  const wrong = results
    .flatMap((r) => [
      r.disagreements > 0
        ? `${count(r.size)}: ${r.disagreements} searches found other items via the API than straight`
        : "",
      r.crossTenant > 0 ? `${count(r.size)}: ${r.crossTenant} retrieved sources of another tenant` : "",
      r.emptyRetrievals > 0 ? `${count(r.size)}: ${r.emptyRetrievals} retrievals found nothing` : "",
    ])
    .filter(Boolean);
  for (const line of wrong) console.error(line);
  if (wrong.length > 0) process.exitCode = 1;
}

await main();
