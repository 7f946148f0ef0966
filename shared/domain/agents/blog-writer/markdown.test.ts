import { describe, expect, it } from "vitest";
import { headingKey, markdownHeadings } from "./markdown.ts";

describe("markdownHeadings", () => {
  it("reads ATX headings of every level, without their closing hashes", () => {
    const article =
      "# Title\n\nText\n\n## Why it matters ##\n   ### Steps\n####No space\n#hashtag\n\n## Learn C#";
    expect(markdownHeadings(article)).toEqual(["Title", "Why it matters", "Steps", "Learn C#"]);
  });

  it("reads Windows line endings", () => {
    expect(markdownHeadings("## One\r\n\r\n## Two\r\n")).toEqual(["One", "Two"]);
  });
});

describe("headingKey", () => {
  it("ignores case, runs of spaces and a closing hash sequence", () => {
    expect(headingKey("  Why   It Matters ##")).toBe(headingKey("why it matters"));
    expect(headingKey("Learn C #")).toBe(headingKey("Learn C"));
    expect(headingKey("Learn C#")).not.toBe(headingKey("Learn C"));
  });
});
