import { describe, expect, it } from "vitest";
import { linkCitations, sourceAnchor } from "./citations.ts";

describe("linkCitations", () => {
  it("links each marker of a known source to its entry", () => {
    expect(linkCitations("Lessons cost 30 euros. [S1] [S2]", ["S1", "S2"])).toBe(
      "Lessons cost 30 euros. [\\[S1\\]](#source-S1) [\\[S2\\]](#source-S2)",
    );
    expect(sourceAnchor("S3")).toBe("source-S3");
  });

  it("leaves unknown labels, existing links and references as they are", () => {
    expect(linkCitations("A [S9] claim.", ["S1"])).toBe("A [S9] claim.");
    expect(linkCitations("[S1](https://example.com) and [S1][ref]", ["S1"])).toBe(
      "[S1](https://example.com) and [S1][ref]",
    );
    expect(linkCitations("no sources [S1]", [])).toBe("no sources [S1]");
  });

  it("never rewrites code", () => {
    const source = "Use `[S1]` like this:\n```\n[S1]\n```\nthen [S1].";
    expect(linkCitations(source, ["S1"])).toBe(
      "Use `[S1]` like this:\n```\n[S1]\n```\nthen [\\[S1\\]](#source-S1).",
    );
  });
});
