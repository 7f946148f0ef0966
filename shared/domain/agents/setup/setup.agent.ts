/**
 * `setup`: turns the tenant's onboarding answers into its brand profile — who it is, whom it serves,
 * what it offers and the voice every other agent then writes in.
 */
import * as z from "zod/mini";
import { defineAgent } from "#shared/domain/agents/agent";
import { brandProfileSchema } from "#shared/domain/brand/brand-profile";
import { lazySchema, line, lines, text } from "../fields.ts";

/** The onboarding answers. */
export const setupInput = lazySchema(() =>
  z.strictObject({
    businessName: line(120),
    /** What the business sells. */
    offering: text(1000),
    /** Whom it serves. */
    audience: text(1000),
    /** Where it sells: a town, a region, "UK and Ireland", "online, worldwide". */
    markets: z.optional(text(300)),
    goals: lines(300, { min: 1, max: 8 }),
    /** How it wants to sound: "friendly", "expert", "no-nonsense". */
    tone: lines(40, { min: 1, max: 6 }),
    competitors: z.optional(lines(120, { min: 1, max: 10 })),
    /** Text from the business's website (about page, home page) to learn the voice from. */
    websiteText: z.optional(text(10_000)),
  }),
);

export const setupAgent = defineAgent({
  role: "setup",
  title: "Brand setup",
  description:
    "Reads the onboarding answers and proposes the brand profile — audiences, offerings, differentiators, voice and keywords — that every other agent writes with once a tenant admin accepts it.",
  profile: "short",
  get input() {
    return setupInput();
  },
  output: brandProfileSchema,
  produces: "brand-profile",
  creditPrice: 1,
  // One run per set of answers (no `subject`: the whole input is the subject); new answers, new run.
  runs: "idempotent",
  maxOutputTokens: 2_000,
});
