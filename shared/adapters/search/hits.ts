/** Reads a search response into the port's result: hits with plain-text highlights, totals, counts. */
import type { HighlightFragment, SearchHit } from "#shared/domain/search/ports";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { parseFragment } from "./highlight.ts";
import type { SortPosition } from "./query-builder.ts";

interface RawHit {
  _id: string;
  _version?: number;
  _score: number | null;
  _source?: Record<string, unknown>;
  highlight?: Record<string, string[]>;
  sort?: (string | number)[];
}

interface RawResponse {
  hits: { total?: { value: number } | number; hits: RawHit[] };
  aggregations?: Record<string, { buckets?: { key: string | number; doc_count: number }[] }>;
}

/** The hits of one page (`size` of them; one more means another page), and the last hit's position. */
export function readResult(
  raw: unknown,
  size: number,
): { hits: SearchHit[]; total: number; counts: Record<string, Record<string, number>>; last?: SortPosition } {
  const response = raw as RawResponse;
  const page = response.hits.hits.slice(0, size);
  const more = response.hits.hits.length > size;
  const total = response.hits.total;
  const counts: Record<string, Record<string, number>> = {};
  for (const [field, aggregation] of Object.entries(response.aggregations ?? {})) {
    counts[field] = Object.fromEntries((aggregation.buckets ?? []).map((b) => [String(b.key), b.doc_count]));
  }
  const lastSort = page.at(-1)?.sort;
  return {
    hits: page.map(hitOf),
    total: typeof total === "number" ? total : (total?.value ?? page.length),
    counts,
    ...(more && lastSort ? { last: lastSort } : {}),
  };
}

function hitOf(raw: RawHit): SearchHit {
  const { tenantId, docKey: _docKey, ...fields } = raw._source ?? {};
  const tenant = String(tenantId) as TenantId;
  const highlights: Record<string, HighlightFragment[]> = {};
  for (const [field, fragments] of Object.entries(raw.highlight ?? {})) {
    highlights[field] = fragments.map(parseFragment);
  }
  return {
    tenantId: tenant,
    id: raw._id.slice(tenant.length + 1),
    version: raw._version ?? 0,
    score: raw._score,
    fields,
    highlights,
  };
}
