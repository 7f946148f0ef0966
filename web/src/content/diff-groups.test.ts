import { describe, expect, it } from "vitest";
import { defaultPair, describeTotals, diffTotals, foldUnchanged } from "./diff-groups.ts";

const equal = (text: string) => ({ op: "equal" as const, text });

describe("foldUnchanged", () => {
  it("keeps the context around a change and folds the unchanged runs beyond it", () => {
    const lines = [
      ...["a", "b", "c", "d", "e"].map(equal),
      { op: "remove" as const, text: "old" },
      { op: "add" as const, text: "new" },
      ...["f", "g", "h", "i"].map(equal),
    ];
    expect(foldUnchanged(lines, 2)).toEqual([
      { kind: "skip", count: 3 },
      { kind: "line", op: "equal", text: "d" },
      { kind: "line", op: "equal", text: "e" },
      { kind: "line", op: "remove", text: "old" },
      { kind: "line", op: "add", text: "new" },
      { kind: "line", op: "equal", text: "f" },
      { kind: "line", op: "equal", text: "g" },
      { kind: "skip", count: 2 },
    ]);
  });

  it("does not fold between two changes close to each other", () => {
    const lines = [
      { op: "add" as const, text: "x" },
      equal("a"),
      equal("b"),
      { op: "add" as const, text: "y" },
    ];
    expect(foldUnchanged(lines, 2).every((row) => row.kind === "line")).toBe(true);
  });

  it("folds a field with no change into one skip row, and leaves an empty diff empty", () => {
    expect(foldUnchanged([equal("a"), equal("b")])).toEqual([{ kind: "skip", count: 2 }]);
    expect(foldUnchanged([])).toEqual([]);
  });
});

describe("totals", () => {
  it("counts added and removed lines across fields", () => {
    const totals = diffTotals([
      {
        path: "title",
        change: "changed",
        lines: [
          { op: "remove", text: "a" },
          { op: "add", text: "b" },
        ],
      },
      {
        path: "faq.0.answer",
        change: "added",
        lines: [
          { op: "add", text: "c" },
          { op: "add", text: "d" },
        ],
      },
    ]);
    expect(totals).toEqual({ added: 3, removed: 1 });
    expect(describeTotals(totals)).toBe("3 lines added, 1 removed");
    expect(describeTotals({ added: 1, removed: 0 })).toBe("1 line added, 0 removed");
    expect(describeTotals({ added: 0, removed: 0 })).toBe("No text changed");
  });
});

describe("defaultPair", () => {
  it("compares the latest version with the one before it, when there are two", () => {
    expect(defaultPair(3)).toEqual({ from: 2, to: 3 });
    expect(defaultPair(1)).toBeUndefined();
  });
});
