import { describe, expect, it } from "vitest";
import { canonicalJson } from "#shared/domain/canonical-json";
import {
  decapitalize,
  draftFacts,
  draftWriter,
  hashtagOf,
  listPhrase,
  markOffline,
  OFFLINE_MARKER,
  seeded,
  slugify,
  stableHash,
} from "./offline.ts";
import { brand } from "./testing/fixtures.ts";

describe("canonicalJson and stableHash", () => {
  it("do not depend on key order or undefined members", () => {
    const a = { b: [1, { y: 2, x: 1 }], a: "é", c: undefined };
    const b = { a: "é", b: [1, { x: 1, y: 2 }] };
    expect(canonicalJson(a)).toBe('{"a":"é","b":[1,{"x":1,"y":2}]}');
    expect(stableHash(a)).toBe(stableHash(b));
    expect(stableHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("tell different values apart, array order included", () => {
    expect(stableHash([1, 2])).not.toBe(stableHash([2, 1]));
    expect(stableHash({ a: "1" })).not.toBe(stableHash({ a: 1 }));
  });
});

describe("seeded", () => {
  it("chooses the same for the same seed and salt", () => {
    const options = Array.from({ length: 50 }, (_, i) => i);
    expect(seeded({ a: 1 }).pick("s", options)).toBe(seeded({ a: 1 }).pick("s", options));
    expect(seeded({ a: 1 }).shuffle("s", options)).toEqual(seeded({ a: 1 }).shuffle("s", options));
  });

  it("spreads its choices over the options as seeds change", () => {
    const picks = new Set(Array.from({ length: 200 }, (_, i) => seeded(i).pick("s", ["a", "b", "c", "d"])));
    expect(picks).toEqual(new Set(["a", "b", "c", "d"]));
    const ints = Array.from({ length: 200 }, (_, i) => seeded(i).int("n", 3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
  });

  it("shuffles without losing or repeating an option", () => {
    const options = ["a", "b", "c", "d", "e"];
    expect(seeded("x").shuffle("s", options).sort()).toEqual(options);
  });

  it("refuses to pick from nothing", () => {
    expect(() => seeded(1).pick("s", [])).toThrow(RangeError);
  });
});

describe("text helpers", () => {
  it("slugify drops accents and anything not ASCII", () => {
    expect(slugify("Crème Brûlée: 5 façons!")).toBe("creme-brulee-5-facons");
    expect(slugify("天然酵母")).toBe("");
    expect(slugify(`${"word-".repeat(30)}end`).length).toBeLessThanOrEqual(80);
  });

  it("hashtagOf joins words in any script", () => {
    expect(hashtagOf("specialty coffee Leeds")).toBe("SpecialtyCoffeeLeeds");
    expect(hashtagOf("下北沢 パン屋")).toBe("下北沢パン屋");
    expect(hashtagOf("café-lovers & co.")).toBe("CaféLoversCo");
    expect(hashtagOf("!!! …")).toBe("");
  });

  it("decapitalize leaves acronyms alone", () => {
    expect(decapitalize("Specialty coffee")).toBe("specialty coffee");
    expect(decapitalize("SEO tips")).toBe("SEO tips");
    expect(decapitalize("東京")).toBe("東京");
  });

  it("listPhrase joins with commas and a conjunction", () => {
    expect(listPhrase([])).toBe("");
    expect(listPhrase(["a"])).toBe("a");
    expect(listPhrase(["a", "b", "c"], "or")).toBe("a, b or c");
  });

  it("markOffline labels a text", () => {
    expect(markOffline("Hello")).toBe(`${OFFLINE_MARKER} Hello`);
  });
});

describe("draftWriter", () => {
  it("weaves the brand's name, audience, voice and keywords into its sentences", () => {
    const facts = draftFacts(brand, { topic: "Cold brew" });
    expect(facts).toMatchObject({
      name: "Bean There Coffee",
      audience: "home brewers who want café-quality coffee",
      tone: "warm, knowledgeable and playful",
      topic: "cold brew",
    });
    expect(facts.keywords).toEqual([...brand.keywords, "cold brew"]);
    const text = Array.from({ length: 12 }, (_, i) => draftWriter("seed", facts).paragraph(`p${i}`, 4)).join(
      " ",
    );
    for (const part of ["Bean There Coffee", "home brewers", "cold brew", "specialty coffee Leeds"]) {
      expect(text).toContain(part);
    }
  });

  it("speaks for 'our team' to 'our customers' before there is a brand profile", () => {
    expect(draftFacts(undefined, { topic: "Cold brew" })).toMatchObject({
      name: "our team",
      audience: "our customers",
      tone: "clear and friendly",
      keywords: ["cold brew"],
    });
  });

  it("writes sentences that start with a capital and end with punctuation", () => {
    const writer = draftWriter(1, draftFacts(undefined, { topic: "cold brew" }));
    for (let i = 0; i < 20; i++) {
      expect(writer.sentence(`s${i}`)).toMatch(/^[A-Z].*[.!?]$/);
      expect(writer.callToAction(`c${i}`)).toMatch(/^[A-Z].*[.!?]$/);
    }
  });
});
