/**
 * The embedder that needs no network and no model: feature hashing. A text's normalised words
 * (unigrams), its word pairs (bigrams) and each word's character trigrams are hashed (FNV-1a, 32
 * bits) into {@link EMBEDDING_DIMENSIONS} signed buckets, weighted sublinearly and L2-normalised. The
 * same text always gives the same vector, on every machine, so local runs and tests are reproducible.
 *
 * What it can and cannot do (see docs/architecture.md, "Knowledge base"): it measures shared
 * vocabulary, with trigrams catching inflections and small typos ("pricing" ~ "prices"). It knows no
 * synonyms or meaning ("cost" is not near "price", "car" not near "automobile"), no word order beyond
 * pairs, and no language beyond splitting on letters and digits; hashing collisions add a little
 * noise. Hybrid retrieval's keyword half does as well on most of what it finds. Use Titan (or another
 * model) wherever retrieval quality matters.
 */
import type { Embedder } from "#shared/domain/knowledge/ports";
import { EMBEDDING_DIMENSIONS } from "./dimensions.ts";

export const LOCAL_EMBEDDER_MODEL = "local-hashing-v1";

/** Words too common to say what a text is about (English; other languages keep theirs). */
const STOP_WORDS = new Set(
  "a an and are as at be but by for from has have how i if in into is it its of on or our so that the their them then there these they this to was we were what when which who will with you your".split(
    " ",
  ),
);

const WEIGHTS = { unigram: 1, bigram: 0.7, trigram: 0.35 } as const;

/** FNV-1a over the UTF-16 code units, with a feature-kind seed so a word and a trigram never share a hash. */
function fnv1a(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Lower case, accents off, compatibility forms folded; then the runs of letters and digits. */
export function normalisedWords(text: string): string[] {
  const folded = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
  return (folded.match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !STOP_WORDS.has(word));
}

/** The features of a text, each with its weight (a feature seen again adds up). */
function features(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
  const words = normalisedWords(text);
  words.forEach((word, i) => {
    add(`w:${word}`, WEIGHTS.unigram);
    const next = words[i + 1];
    if (next !== undefined) add(`b:${word} ${next}`, WEIGHTS.bigram);
    const padded = `^${word}$`;
    for (let j = 0; j + 3 <= padded.length; j++) add(`t:${padded.slice(j, j + 3)}`, WEIGHTS.trigram);
  });
  return counts;
}

/** The unit vector of one text (all zeros for a text without a word). */
export function hashEmbedding(text: string, dimensions: number = EMBEDDING_DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const [feature, weight] of features(text)) {
    const hash = fnv1a(feature, 0x9e37);
    const bucket = hash % dimensions;
    // A second, independent bit for the sign: collisions then cancel out on average instead of adding up.
    const sign = fnv1a(feature, 0x7f4a) & 1 ? 1 : -1;
    // Sublinear: a word said ten times is not ten times as telling.
    vector[bucket] = (vector[bucket] ?? 0) + sign * Math.log1p(weight);
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

/** The local embedder: the same vector for the same text, for documents and queries alike. */
export function createLocalEmbedder(dimensions: number = EMBEDDING_DIMENSIONS): Embedder {
  return {
    model: `${LOCAL_EMBEDDER_MODEL}-${dimensions}`,
    dimensions,
    async embed(texts) {
      return texts.map((text) => hashEmbedding(text, dimensions));
    },
  };
}
