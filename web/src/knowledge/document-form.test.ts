import { describe, expect, it } from "vitest";
import {
  addedBy,
  bodyBytes,
  formatBytes,
  formatOfFile,
  MAX_DOCUMENT_BYTES,
  titleOfFile,
} from "./document-form.ts";

describe("the knowledge form's helpers", () => {
  it("reads the format from a file's extension, whatever its case", () => {
    expect(formatOfFile("price-list.md")).toBe("markdown");
    expect(formatOfFile("Guide.MARKDOWN")).toBe("markdown");
    expect(formatOfFile("notes.txt")).toBe("text");
    expect(formatOfFile("photo.png")).toBeUndefined();
    expect(formatOfFile("md")).toBeUndefined();
  });

  it("makes a title of a file's name", () => {
    expect(titleOfFile("spring_offer-terms.md")).toBe("spring offer terms");
    expect(titleOfFile("notes.v2.txt")).toBe("notes.v2");
  });

  it("counts UTF-8 bytes as the API does, not characters", () => {
    expect(bodyBytes("abc")).toBe(3);
    expect(bodyBytes("é")).toBe(2);
    expect(bodyBytes("😀")).toBe(4);
    expect(MAX_DOCUMENT_BYTES).toBe(1024 * 1024);
  });

  it("names the reader as the one who added it, and anyone else as a teammate", () => {
    expect(addedBy("u1", "u1")).toBe("you");
    expect(addedBy("u2", "u1")).toBe("a teammate");
  });

  it("writes sizes in binary units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(12_800)).toBe("12.5 KiB");
    expect(formatBytes(MAX_DOCUMENT_BYTES)).toBe("1.0 MiB");
  });
});
