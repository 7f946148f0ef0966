import { describe, expect, it } from "vitest";
import { clip, oneLine } from "./clip.ts";

describe("oneLine", () => {
  it("collapses every run of whitespace, line breaks included, and trims the ends", () => {
    expect(oneLine("  Spring\n\n offer\t now ")).toBe("Spring offer now");
  });
});

describe("clip", () => {
  it("leaves text that fits as it is", () => {
    expect(clip("Short enough", 12)).toBe("Short enough");
  });

  it("cuts at a word boundary and adds an ellipsis, within the bound", () => {
    expect(clip("The quick brown fox jumps over the lazy dog", 20)).toBe("The quick brown fox…");
  });

  it("never splits an emoji sequence or a combining mark", () => {
    const family = "👨‍👩‍👧";
    const clipped = clip(`${family.repeat(10)}`, 20);
    expect(clipped.length).toBeLessThanOrEqual(20);
    expect(clipped).toBe(`${family}${family}…`); // 8 UTF-16 units each: a third would make 25
    expect(clip("e\u0301".repeat(10), 6)).toBe("e\u0301e\u0301…");
  });

  it("falls back to code points for a single over-long grapheme", () => {
    const zalgo = `a${"\u0301".repeat(100)}`;
    const clipped = clip(zalgo, 10);
    expect(clipped.length).toBeLessThanOrEqual(10);
    expect(clipped.length).toBeGreaterThan(1);
  });

  it("measures with the given counter", () => {
    const double = (text: string) => text.length * 2;
    expect(double(clip("abcdefghij", 10, double))).toBeLessThanOrEqual(10);
  });
});
