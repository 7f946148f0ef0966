import { describe, expect, it } from "vitest";
import { diffBodies, diffLines } from "./diff.ts";

describe("diffLines", () => {
  it("keeps common lines and marks what was removed and added, in order", () => {
    expect(diffLines(["a", "b", "c"], ["a", "x", "c", "d"])).toEqual([
      { op: "equal", text: "a" },
      { op: "remove", text: "b" },
      { op: "add", text: "x" },
      { op: "equal", text: "c" },
      { op: "add", text: "d" },
    ]);
  });

  it("handles empty sides", () => {
    expect(diffLines([], ["a"])).toEqual([{ op: "add", text: "a" }]);
    expect(diffLines(["a"], [])).toEqual([{ op: "remove", text: "a" }]);
  });
});

describe("diffBodies", () => {
  it("diffs each text field by path and leaves unchanged ones out", () => {
    const diff = diffBodies(
      { title: "Old", article: "## Intro\nRun.", keywords: ["a"] },
      { title: "New", article: "## Intro\nRun.\nWalk.", keywords: ["a"], faq: [{ q: "Why?" }] },
    );
    expect(diff).toEqual([
      {
        path: "title",
        change: "changed",
        lines: [
          { op: "remove", text: "Old" },
          { op: "add", text: "New" },
        ],
      },
      {
        path: "article",
        change: "changed",
        lines: [
          { op: "equal", text: "## Intro" },
          { op: "equal", text: "Run." },
          { op: "add", text: "Walk." },
        ],
      },
      { path: "faq.0.q", change: "added", lines: [{ op: "add", text: "Why?" }] },
    ]);
  });

  it("reports fields that disappeared", () => {
    expect(diffBodies({ a: "x", b: "y" }, { a: "x" })).toEqual([
      { path: "b", change: "removed", lines: [{ op: "remove", text: "y" }] },
    ]);
  });
});
