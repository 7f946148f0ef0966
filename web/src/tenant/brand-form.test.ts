import { describe, expect, it } from "vitest";
import { brandFieldOf, EMPTY_BRAND_FORM, formOf, isListField, linesOf, profileOf } from "./brand-form.ts";

const profile = {
  businessName: "Acme Bikes",
  summary: "We repair bikes.\nFast.",
  industry: "Retail",
  audiences: ["Commuters", "Families"],
  offerings: ["Repairs"],
  differentiators: ["Same-day service"],
  keywords: ["bike repair"],
  voice: { tone: ["friendly"], do: ["Short sentences"], avoid: [], wordsToAvoid: ["cheap"] },
  examples: ["Your bike, back today.\n\nNo fuss."],
};

describe("brand form", () => {
  it("round-trips a profile through the form", () => {
    expect(profileOf(formOf(profile))).toEqual(profile);
  });

  it("starts empty, with one example field, when there is no profile", () => {
    const form = formOf(null);
    expect(form).toEqual(EMPTY_BRAND_FORM);
    form.examples.push("x");
    expect(EMPTY_BRAND_FORM.examples).toEqual([""]);
  });

  it("trims items, drops blank lines and leaves out empty optional lists", () => {
    const values = {
      ...formOf(profile),
      audiences: "  Commuters \n\n Families\n",
      wordsToAvoid: "\n  \n",
      examples: ["  ", ""],
    };
    const result = profileOf(values);
    expect(result.audiences).toEqual(["Commuters", "Families"]);
    expect(result.voice.wordsToAvoid).toBeUndefined();
    expect(result.examples).toBeUndefined();
    expect(linesOf("a\r\nb")).toEqual(["a", "b"]);
  });

  it("finds the form field a server error names", () => {
    expect(brandFieldOf("profile.voice.tone.2")).toBe("tone");
    expect(brandFieldOf("profile.examples.0")).toBe("examples");
    expect(brandFieldOf("profile.businessName")).toBe("businessName");
    expect(brandFieldOf("baseVersion")).toBeUndefined();
    expect(brandFieldOf(undefined)).toBeUndefined();
  });

  it("knows which fields hold one item a line", () => {
    expect(isListField("keywords")).toBe(true);
    expect(isListField("wordsToUse")).toBe(true);
    expect(isListField("summary")).toBe(false);
  });
});
