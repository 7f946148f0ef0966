import { describe, expect, it } from "vitest";
import { checkContent } from "./checks.ts";

describe("the pre-review checks", () => {
  it("finds words the brand avoids, whole and ignoring case, with where and how often", () => {
    const findings = checkContent(
      "social-posts",
      { posts: [{ network: "x", text: "Cheap deals! Really CHEAP. Cheapest in town.", hashtags: [] }] },
      { wordsToAvoid: ["cheap", "best in class"] },
    );
    expect(findings).toEqual([
      {
        check: "avoided-word",
        severity: "warning",
        message: "Uses “cheap” 2 times, which the brand avoids",
        path: "posts.0.text",
      },
    ]);
  });

  it("flags a post longer than its network allows, as published with its hashtags", () => {
    const text = "a".repeat(275);
    const findings = checkContent(
      "social-posts",
      { posts: [{ network: "x", text, hashtags: ["run"] }] },
      { wordsToAvoid: [] },
    );
    expect(findings).toEqual([
      expect.objectContaining({ check: "length", severity: "error", path: "posts.0.text" }),
    ]);
  });

  it("flags a blog post whose outline promises a missing section, or with no introduction", () => {
    const findings = checkContent(
      "blog-post",
      { outline: ["Why", "How"], article: "## Why\nBecause.\n## When\nNow." },
      { wordsToAvoid: [] },
    );
    expect(findings.map((f) => [f.check, f.severity, f.path])).toEqual([
      ["required-section", "error", "outline.1"],
      ["required-section", "warning", "article"],
    ]);
  });

  it("finds nothing in a clean blog post", () => {
    expect(
      checkContent(
        "blog-post",
        { outline: ["Why"], article: "Intro.\n## Why\nA.\n## Next\nB." },
        { wordsToAvoid: ["cheap"] },
      ),
    ).toEqual([]);
  });
});
