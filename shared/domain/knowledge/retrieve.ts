/**
 * Retrieval for an agent's prompt: the tenant's best chunks for a run's brief, labelled `S1`, `S2`…
 * for the model to cite, and what a run records of each (document, chunk, title, score).
 */

import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { clip } from "#shared/domain/text/clip";
import { RetrievalUnavailableError } from "./errors.ts";
import type { ChunkIndex, Embedder, KnowledgeRepository, RetrievedChunk } from "./ports.ts";

export interface RetrievalDeps {
  /** Asked first: a tenant without a single document is answered at once, nothing embedded or searched. */
  documents: Pick<KnowledgeRepository, "hasDocuments">;
  embedder: Embedder;
  chunks: Pick<ChunkIndex, "search">;
}

/** Chunks a prompt receives at most (about 4,000 tokens of 800-token chunks). */
export const SOURCES_PER_PROMPT = 5;
/** Longest query text, in characters: a brief's first words say what it is about. */
const MAX_QUERY_LENGTH = 2000;

/** A chunk given to a model, under the label it cites it by. */
export interface KnowledgeSource extends RetrievedChunk {
  /** `S1`, `S2`… in rank order. */
  label: string;
}

/** What a run and its content version record of a source: enough to show and to find it again. */
export interface SourceCitation {
  label: string;
  documentId: string;
  chunkId: string;
  title: string;
  sourceUrl?: string;
  score: number;
  /** Whether the answer cites it (`[S1]`): given to the model is not the same as used by it. */
  cited: boolean;
}

/**
 * The words of a run's input that say what it is about: every string in it, depth first, in the
 * order the input lists them, joined and clipped. Generic, so every agent retrieves the same way.
 */
export function briefText(input: unknown): string {
  const parts: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === "string") parts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(input);
  return clip(parts.join("\n").trim(), MAX_QUERY_LENGTH);
}

/**
 * Primary course: the tenant has documents → embed the query → search the tenant's chunks (keyword
 * and vector, fused) → label them. A tenant without documents gets no sources at once: most runs are
 * of tenants who never added any, and for them an embedding (a model call in AWS) and two searches
 * would find nothing. A failure of any step is a {@link RetrievalUnavailableError}; an empty knowledge
 * base is no failure (no sources).
 */
export async function retrieveSources(
  deps: RetrievalDeps,
  tenantId: TenantId,
  query: string,
  k: number = SOURCES_PER_PROMPT,
): Promise<KnowledgeSource[]> {
  if (query.trim() === "") return [];
  let found: RetrievedChunk[];
  try {
    if (!(await deps.documents.hasDocuments(tenantId))) return [];
    const [vector] = await deps.embedder.embed([query], "query");
    if (!vector) throw new Error("The embedder answered no vector for the query");
    found = await deps.chunks.search(tenantId, { text: query, vector, k });
  } catch (cause) {
    throw new RetrievalUnavailableError("The knowledge base could not be searched", { cause });
  }
  return found.slice(0, k).map((chunk, i) => ({ ...chunk, label: `S${i + 1}` }));
}

/** The labels an answer cites: every `[S<n>]` in any of its strings (`[S1][S2]` and `[S1, S2]` alike). */
export function citedLabels(answer: unknown): Set<string> {
  const labels = new Set<string>();
  for (const match of JSON.stringify(answer ?? null).matchAll(/\[(S\d+(?:\s*[,;]\s*S\d+)*)\]/g)) {
    for (const label of (match[1] ?? "").split(/\s*[,;]\s*/)) labels.add(label);
  }
  return labels;
}

/** What a run records of the sources its prompt was given, and which of them the answer cites. */
export function citationsOf(sources: readonly KnowledgeSource[], answer: unknown): SourceCitation[] {
  const cited = citedLabels(answer);
  return sources.map((source) => ({
    label: source.label,
    documentId: source.documentId,
    chunkId: source.chunkId,
    title: source.title,
    ...(source.sourceUrl ? { sourceUrl: source.sourceUrl } : {}),
    score: source.score,
    cited: cited.has(source.label),
  }));
}
