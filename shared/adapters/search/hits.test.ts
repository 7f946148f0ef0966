import { describe, expect, it } from "vitest";
import { MARK_CLOSE, MARK_OPEN } from "./highlight.ts";
import { readResult } from "./hits.ts";

const hit = (id: string, sort: (string | number)[]) => ({
  _id: `acme:${id}`,
  _version: 3,
  _score: 1.2,
  _source: { tenantId: "acme", docKey: `acme:${id}`, title: "Spring" },
  highlight: { title: [`${MARK_OPEN}Spring${MARK_CLOSE}`] },
  sort,
});

describe("readResult", () => {
  it("answers a page of hits without the store's own fields, and the last position when more follow", () => {
    const raw = {
      hits: {
        total: { value: 3 },
        hits: [hit("a", [1.2, "acme:a"]), hit("b", [1.1, "acme:b"]), hit("c", [1, "acme:c"])],
      },
      aggregations: { type: { buckets: [{ key: "content", doc_count: 3 }] } },
    };
    const result = readResult(raw, 2);
    expect(result.hits.map((h) => h.id)).toEqual(["a", "b"]);
    expect(result.hits[0]).toMatchObject({
      tenantId: "acme",
      version: 3,
      fields: { title: "Spring" },
      highlights: { title: [{ text: "Spring", marks: [[0, 6]] }] },
    });
    expect(result.hits[0]?.fields).not.toHaveProperty("docKey");
    expect(result.last).toEqual([1.1, "acme:b"]);
    expect(result.counts).toEqual({ type: { content: 3 } });
    expect(result.total).toBe(3);
  });

  it("has no position on the last page", () => {
    const result = readResult({ hits: { total: { value: 1 }, hits: [hit("a", [1, "acme:a"])] } }, 2);
    expect(result.last).toBeUndefined();
  });
});
