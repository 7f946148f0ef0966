import { describe, expect, it } from "vitest";
import { RRF_K, reciprocalRankFusion } from "./knowledge-chunks.ts";

describe("reciprocalRankFusion", () => {
  it("ranks first what both rankings place high, and scores by rank alone", () => {
    const fused = reciprocalRankFusion([
      ["a", "b", "c"],
      ["b", "d", "a"],
    ]);
    expect(fused.map(([id]) => id)).toEqual(["b", "a", "d", "c"]);
    expect(fused[0]?.[1]).toBeCloseTo(1 / (RRF_K + 2) + 1 / (RRF_K + 1), 12);
    expect(fused.at(-1)?.[1]).toBeCloseTo(1 / (RRF_K + 3), 12);
  });

  it("answers nothing for no rankings", () => {
    expect(reciprocalRankFusion([[], []])).toEqual([]);
  });
});
