import { describe, expect, it } from "vitest";
import { createLocalEmbedder, hashEmbedding, normalisedWords } from "./local-embedder.ts";

const cosine = (a: readonly number[], b: readonly number[]) =>
  a.reduce((sum, v, i) => sum + v * (b[i] ?? 0), 0);

describe("the local embedder", () => {
  it("answers unit vectors of 512 numbers, the same for the same text", async () => {
    const embedder = createLocalEmbedder();
    const [a, b] = await embedder.embed(
      ["Spring offer: two lessons for one", "Spring offer: two lessons for one"],
      "query",
    );
    expect(a).toHaveLength(512);
    expect(embedder.dimensions).toBe(512);
    expect(Math.hypot(...(a ?? []))).toBeCloseTo(1, 10);
    expect(a).toEqual(b);
  });

  it("puts similar texts closer together than unrelated ones", () => {
    const query = hashEmbedding("How much does a yearly subscription cost?");
    const similar = hashEmbedding("The yearly subscription costs 120 euros, billed once a year.");
    const unrelated = hashEmbedding("Our office dog is called Biscuit and loves the park.");
    expect(cosine(query, similar)).toBeGreaterThan(cosine(query, unrelated) + 0.2);
  });

  it("catches inflections and accents through trigrams and folding", () => {
    const base = hashEmbedding("pricing for cafés");
    expect(cosine(base, hashEmbedding("cafe prices"))).toBeGreaterThan(
      cosine(base, hashEmbedding("parking rules")),
    );
  });

  it("knows no synonyms: a limit the documentation states", () => {
    const price = hashEmbedding("price");
    expect(cosine(price, hashEmbedding("cost"))).toBeLessThan(0.3);
  });

  it("drops stop words and answers a zero vector for a text without words", () => {
    expect(normalisedWords("The Price of the Café, in 2026!")).toEqual(["price", "cafe", "2026"]);
    expect(hashEmbedding("... !!").every((v) => v === 0)).toBe(true);
  });
});
