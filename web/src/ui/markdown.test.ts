import { describe, expect, it } from "vitest";
import { safeUrl } from "./markdown.tsx";

describe("safeUrl", () => {
  it("keeps web, mail, anchor and same-site links", () => {
    expect(safeUrl("https://example.com/a")).toBe("https://example.com/a");
    expect(safeUrl("mailto:team@example.com")).toBe("mailto:team@example.com");
    expect(safeUrl("#section")).toBe("#section");
    expect(safeUrl("/app/content")).toBe("/app/content");
  });

  it("drops script and data URLs from model output", () => {
    expect(safeUrl("javascript:alert(1)")).toBe("");
    expect(safeUrl("JaVaScRiPt:alert(1)")).toBe("");
    expect(safeUrl("data:text/html,<script>alert(1)</script>")).toBe("");
    expect(safeUrl("vbscript:x")).toBe("");
  });
});
