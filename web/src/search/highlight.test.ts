import { describe, expect, it } from "vitest";
import { highlightPieces } from "./highlight.ts";
import { resultLink } from "./result-link.ts";

const marked = (text: string, marks: [number, number][]) =>
  highlightPieces(text, marks)
    .map((piece) => (piece.marked ? `[${piece.text}]` : piece.text))
    .join("");

describe("highlightPieces", () => {
  it("marks the offsets it is given and keeps every other character as text", () => {
    expect(highlightPieces("yoga for desks", [[0, 4]])).toEqual([
      { text: "yoga", marked: true },
      { text: " for desks", marked: false },
    ]);
    expect(
      marked("desk yoga at the desk", [
        [0, 4],
        [17, 21],
      ]),
    ).toBe("[desk] yoga at the [desk]");
  });

  it("sorts, merges overlapping and touching marks, clamps and ignores empty or inverted ones", () => {
    expect(
      marked("abcdefghij", [
        [6, 8],
        [1, 3],
        [2, 4],
        [4, 5],
      ]),
    ).toBe("a[bcde]f[gh]ij");
    expect(
      marked("abc", [
        [2, 99],
        [-5, 1],
      ]),
    ).toBe("[a]b[c]");
    expect(
      marked("abc", [
        [2, 2],
        [3, 1],
      ]),
    ).toBe("abc");
  });

  it("keeps markup as text: a fragment is never parsed", () => {
    expect(highlightPieces("<b>x</b>", [[3, 4]])).toEqual([
      { text: "<b>", marked: false },
      { text: "x", marked: true },
      { text: "</b>", marked: false },
    ]);
  });

  it("answers one plain piece for text without marks, even empty text", () => {
    expect(highlightPieces("plain", [])).toEqual([{ text: "plain", marked: false }]);
    expect(highlightPieces("", [])).toEqual([{ text: "", marked: false }]);
  });
});

describe("resultLink", () => {
  const item = { tenantId: "T1", id: "01ABC" };

  it("leads a tenant's result to the item's own page", () => {
    expect(resultLink({ ...item, type: "content" }, "tenant")).toBe("/app/content/01ABC");
    expect(resultLink({ ...item, type: "run" }, "tenant")).toBe("/app/runs/01ABC");
    expect(resultLink({ ...item, type: "brand" }, "tenant")).toBe("/app/brand");
    expect(resultLink({ ...item, type: "knowledge" }, "tenant")).toBe("/app/knowledge/01ABC");
  });

  it("leads a reviewer's content result to its review screen, and nothing else anywhere", () => {
    expect(resultLink({ ...item, type: "content" }, "dm")).toBe("/review/tenants/T1/content/01ABC");
    expect(resultLink({ ...item, type: "run" }, "dm")).toBeUndefined();
    expect(resultLink({ ...item, type: "knowledge" }, "dm")).toBeUndefined();
  });

  it("encodes ids into the path", () => {
    expect(resultLink({ tenantId: "a/b", id: "x y", type: "content" }, "dm")).toBe(
      "/review/tenants/a%2Fb/content/x%20y",
    );
  });
});
