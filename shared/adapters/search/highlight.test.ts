import { describe, expect, it } from "vitest";
import { MARK_CLOSE, MARK_OPEN, parseFragment, withoutMarkers } from "./highlight.ts";

describe("highlights", () => {
  it("turns markers into offsets of plain text", () => {
    const fragment = `Our ${MARK_OPEN}spring${MARK_CLOSE} sale and ${MARK_OPEN}campaigns${MARK_CLOSE}`;
    const parsed = parseFragment(fragment);
    expect(parsed.text).toBe("Our spring sale and campaigns");
    expect(parsed.marks).toEqual([
      [4, 10],
      [20, 29],
    ]);
    expect(parsed.marks.map(([a, b]) => parsed.text.slice(a, b))).toEqual(["spring", "campaigns"]);
  });

  it("keeps markup in a document as text, never as markup", () => {
    const parsed = parseFragment(`<script>alert(1)</script> ${MARK_OPEN}sale${MARK_CLOSE}`);
    expect(parsed.text).toBe("<script>alert(1)</script> sale");
    expect(parsed.marks).toEqual([[26, 30]]);
  });

  it("strips marker characters from a document, so its text cannot forge a highlight", () => {
    expect(withoutMarkers(`a${MARK_OPEN}b${MARK_CLOSE}c`)).toBe("abc");
  });
});
