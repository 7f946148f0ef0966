import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { displayLine, displayParagraphs } from "./display-text.ts";

const line = displayLine(20);
const paragraphs = displayParagraphs(40);

describe("one line of display text", () => {
  it.each([
    ["a NUL", "a\u0000b"],
    ["an ANSI escape", "\u001b[31mred"],
    ["a carriage return and line feed", "a\r\nb"],
    ["a line feed", "a\nb"],
    ["a tab", "a\tb"],
    ["DEL", "a\u007fb"],
    ["a C1 control", "a\u0085b"],
    ["a lone high surrogate", "\ud800x"],
    ["a lone low surrogate", "x\udc00"],
    ["a right-to-left override", "abc\u202edef"],
    ["a left-to-right embedding", "\u202aabc"],
    ["a first-strong isolate", "abc\u2068def"],
    ["a line separator", "a\u2028b"],
  ])("refuses %s", (_name, value) => {
    const result = line.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/Unicode|one line/);
  });

  it("stores NFC, trimmed", () => {
    // "é" typed as e + combining acute accent becomes the one code point U+00E9.
    expect(z.parse(line, "  Cafe\u0301  ")).toBe("Caf\u00e9");
  });

  it("measures after normalizing and trimming", () => {
    expect(line.safeParse(`  ${"x".repeat(20)}  `).success).toBe(true);
    expect(line.safeParse("x".repeat(21)).success).toBe(false);
    expect(line.safeParse("   ").success).toBe(false);
  });

  it.each([
    ["an emoji sequence with zero-width joiners", "👩‍💻 team"],
    ["a flag", "🇮🇪 Dublin"],
    ["right-to-left script with a right-to-left mark", "שלום\u200f"],
    ["accents", "Zoë & Søren"],
  ])("keeps %s", (_name, value) => {
    expect(z.parse(line, value)).toBe(value.normalize("NFC"));
  });
});

describe("multi-line display text", () => {
  it("keeps line feeds and stores a typed CRLF as LF", () => {
    expect(z.parse(paragraphs, "one\ntwo\r\nthree")).toBe("one\ntwo\nthree");
  });

  it.each([
    ["a lone carriage return", "one\rtwo"],
    ["a tab", "one\ttwo"],
    ["a NUL", "one\u0000"],
    ["an ANSI escape", "\u001b[2Jcleared"],
    ["a right-to-left override", "\u202etxt.exe"],
    ["a lone surrogate", "\udfff"],
  ])("refuses %s", (_name, value) => {
    expect(paragraphs.safeParse(value).success).toBe(false);
  });
});
