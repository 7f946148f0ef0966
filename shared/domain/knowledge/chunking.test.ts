import { describe, expect, it } from "vitest";
import { chunkDocument } from "./chunking.ts";

const words = (n: number, word = "lorem") => Array.from({ length: n }, (_, i) => `${word}${i}`).join(" ");

describe("chunkDocument", () => {
  it("gives each Markdown section its heading path and exact character offsets", () => {
    const body = [
      "Intro line before any heading.",
      "",
      "# Pricing",
      "",
      "Plans start at ten euros.",
      "",
      "## Discounts",
      "",
      "Yearly plans save 20%.",
      "",
      "# Support",
      "",
      "Mail us any time.",
    ].join("\n");
    const chunks = chunkDocument(body, "markdown");
    expect(chunks.map((c) => c.headingPath)).toEqual([
      [],
      ["Pricing"],
      ["Pricing", "Discounts"],
      ["Support"],
    ]);
    for (const chunk of chunks) expect(body.slice(chunk.start, chunk.end)).toBe(chunk.text);
    expect(chunks[2]?.text).toContain("Yearly plans save 20%.");
    expect(chunks.map((c) => c.index)).toEqual([0, 1, 2, 3]);
  });

  it("ignores heading-like lines inside fenced code", () => {
    const body = "# Setup\n\n```sh\n# not a heading\nnpm install\n```\n";
    const chunks = chunkDocument(body, "markdown");
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.headingPath).toEqual(["Setup"]);
  });

  it("treats a plain-text body as one section without headings", () => {
    const chunks = chunkDocument("# not a heading\n\nJust text.", "text");
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.headingPath).toEqual([]);
  });

  it("keeps chunks near the target size, overlapping, and covers the whole body", () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => words(60, `p${i}w`));
    const body = paragraphs.join("\n\n");
    const chunks = chunkDocument(body, "text", { targetTokens: 200, overlapTokens: 30 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.end - chunk.start).toBeLessThanOrEqual(800);
    for (let i = 1; i < chunks.length; i++) {
      const [previous, next] = [chunks[i - 1], chunks[i]];
      // Each chunk begins inside the previous one (the overlap) and ends after it.
      expect(next?.start).toBeLessThan(previous?.end ?? 0);
      expect(next?.end).toBeGreaterThan(previous?.end ?? 0);
    }
    expect(chunks[0]?.start).toBe(0);
    expect(chunks.at(-1)?.end).toBe(body.length);
  });

  it("cuts a paragraph too long alone at sentences, and a sentence too long alone into slices", () => {
    const sentences = Array.from({ length: 30 }, (_, i) => `Sentence ${i} ${words(20)}.`).join(" ");
    const giant = "x".repeat(5000);
    const chunks = chunkDocument(`${sentences}\n\n${giant}`, "text", { targetTokens: 100, overlapTokens: 0 });
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(400);
    const sentenceChunks = chunks.filter((c) => c.text.startsWith("Sentence"));
    expect(sentenceChunks.length).toBeGreaterThan(3);
    for (const chunk of sentenceChunks) expect(chunk.text).toMatch(/\.$/);
    expect(
      chunks
        .filter((c) => c.text.startsWith("x"))
        .map((c) => c.text.length)
        .reduce((a, b) => a + b),
    ).toBe(5000);
  });

  it("answers the same chunks for the same body, and none for white space", () => {
    const body = `# A\n\n${words(500)}\n\n# B\n\n${words(500, "ipsum")}`;
    expect(chunkDocument(body, "markdown")).toEqual(chunkDocument(body, "markdown"));
    expect(chunkDocument("  \n\n \n", "markdown")).toEqual([]);
  });
});
