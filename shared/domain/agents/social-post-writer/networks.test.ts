import { describe, expect, it } from "vitest";
import { composePost, NETWORK_LIMITS, postLength } from "./networks.ts";

describe("composePost", () => {
  it("publishes the hashtags after a blank line, each with its #", () => {
    expect(composePost({ text: "Open day!", hashtags: ["Coffee", "Leeds"] })).toBe(
      "Open day!\n\n#Coffee #Leeds",
    );
  });

  it("publishes a post without hashtags as its text", () => {
    expect(composePost({ text: "Open day!", hashtags: [] })).toBe("Open day!");
  });
});

describe("postLength", () => {
  it("counts Latin text and general punctuation 1 a character on X", () => {
    expect(postLength("x", "Café — “open” ‘now’")).toBe(19);
  });

  it("counts punctuation outside X's light ranges 2, as X does (… is U+2026)", () => {
    expect(postLength("x", "…")).toBe(2);
  });

  it("counts CJK characters and emoji 2 on X, an emoji sequence more", () => {
    expect(postLength("x", "パン")).toBe(4);
    expect(postLength("x", "🍞")).toBe(2);
    // 👨‍👩‍👧: three emoji joined by two zero-width joiners (1 each); X says 2, so this errs long.
    expect(postLength("x", "👨‍👩‍👧")).toBe(8);
  });

  it("counts a link 23 on X, however long or short", () => {
    expect(postLength("x", `Read https://example.com/${"a".repeat(200)}`)).toBe(5 + 23);
    expect(postLength("x", "Read https://a.co")).toBe(5 + 23);
    expect(postLength("x", "Read https://a.co/x.")).toBe(5 + 23 + 1);
  });

  it("counts a bare domain at least 23 on X, since X may link it", () => {
    expect(postLength("x", "See example.com")).toBe(4 + 23);
    expect(postLength("x", `See ${"a".repeat(40)}.com`)).toBe(4 + 44);
  });

  it("counts a link without a dotted host as text on X", () => {
    expect(postLength("x", "https://localhost")).toBe(17);
  });

  it("counts UTF-16 code units on the other networks", () => {
    for (const network of ["linkedin", "facebook", "instagram"] as const) {
      expect(postLength(network, "パン🍞 https://a.co")).toBe(17);
    }
  });

  it("knows each network's limit", () => {
    expect(NETWORK_LIMITS).toEqual({ x: 280, linkedin: 3000, facebook: 63206, instagram: 2200 });
  });
});
