import { describe, expect, it } from "vitest";
import { safeParse } from "zod/v4/core";
import { type BrandProfile, brandProfileSchema } from "#shared/domain/brand/brand-profile";
import { blogWriterWorker } from "../blog-writer/blog-writer.prompt.ts";
import { BRIEFS, brand, contextFor, unicodeBrand } from "../testing/fixtures.ts";
import { setupAgent, setupInput } from "./setup.agent.ts";
import { setupWorker } from "./setup.prompt.ts";

const answers = BRIEFS.setup?.[1]?.[1] ?? {};

describe("setup", () => {
  it("is a short, idempotent run that produces the brand profile for 1 credit", () => {
    expect(setupAgent).toMatchObject({
      role: "setup",
      profile: "short",
      runs: "idempotent",
      produces: "brand-profile",
      creditPrice: 1,
    });
    // One run per set of answers: the whole input is the subject.
    expect(setupAgent.subject).toBeUndefined();
  });

  it("accepts the fixtures' brand profiles unchanged", () => {
    expect(safeParse(brandProfileSchema, brand).data).toEqual(brand);
    expect(safeParse(brandProfileSchema, unicodeBrand).data).toEqual(unicodeBrand);
  });

  it("keeps nothing but the profile's fields from a model's answer", () => {
    const parsed = safeParse(brandProfileSchema, {
      ...brand,
      mood: "sunny",
      voice: { ...brand.voice, pace: 1 },
    });
    expect(parsed.data).toEqual(brand);
  });

  it.each([
    ["no voice", { ...brand, voice: undefined }],
    ["no audiences", { ...brand, audiences: [] }],
    ["a blank business name", { ...brand, businessName: "   " }],
    ["a two-line industry", { ...brand, industry: "Food\nand drink" }],
    ["a 61-character keyword", { ...brand, keywords: ["k".repeat(61)] }],
  ])("rejects a brand profile with %s", (_case, profile) => {
    expect(safeParse(brandProfileSchema, profile).success).toBe(false);
  });

  it.each([
    ["an unknown key", { ...answers, industry: "Coffee" }],
    ["a 121-character business name", { ...answers, businessName: "b".repeat(121) }],
    ["a blank offering", { ...answers, offering: " \n " }],
    ["no goals", { ...answers, goals: [] }],
    ["nine goals", { ...answers, goals: Array.from({ length: 9 }, (_, i) => `Goal ${i}`) }],
    ["a 41-character tone", { ...answers, tone: ["t".repeat(41)] }],
    ["no tone", { ...answers, tone: undefined }],
    ["website text over 10,000 characters", { ...answers, websiteText: "w".repeat(10_001) }],
  ])("rejects answers with %s", (_case, input) => {
    expect(safeParse(setupInput(), input).success).toBe(false);
  });

  it("takes answers at their longest bounds", () => {
    expect(safeParse(setupInput(), BRIEFS.setup?.[2]?.[1]).success).toBe(true);
  });

  it("drafts a profile from the answers that the other agents can write with", () => {
    const profile = setupWorker.offlineDraft(contextFor(setupWorker, answers)) as BrandProfile;
    expect(profile.businessName).toBe("Bean There Coffee");
    expect(profile.voice.tone).toEqual(["Warm", "Expert", "Playful"]);
    expect(profile.industry).toBe("Food and drink");
    expect(profile.offerings).toEqual(["Specialty coffee beans", "brewing gear", "barista courses"]);
    const blog = contextFor(blogWriterWorker, BRIEFS["blog-writer"]?.[0]?.[1], profile);
    expect(blogWriterWorker.prompt(blog).system).toContain("Voice tone: Warm; Expert; Playful");
  });

  it("prompts with the website text fenced off as part of the brief", () => {
    const { user } = setupWorker.prompt(contextFor(setupWorker, answers));
    expect(user).toContain(
      'Website text:\n"""\nWe roast every Tuesday.\nOur courses are small: six people at most.\n"""',
    );
  });
});
