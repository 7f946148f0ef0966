import { describe, expect, it } from "vitest";
import { splitUtf8 } from "./knowledge-repository.ts";

describe("splitUtf8", () => {
  it("cuts into pieces of at most the given bytes, never inside a character", () => {
    const text = `${"a".repeat(5)}€😀é${"b".repeat(3)}`;
    const parts = splitUtf8(text, 6);
    expect(parts.join("")).toBe(text);
    for (const part of parts) expect(Buffer.byteLength(part, "utf8")).toBeLessThanOrEqual(6);
    expect(parts).toContain("😀é");
  });

  it("answers one part for a text that fits, empty text included", () => {
    expect(splitUtf8("abc", 10)).toEqual(["abc"]);
    expect(splitUtf8("", 10)).toEqual([""]);
  });
});
