/**
 * `setup`: turns the tenant's onboarding answers into its brand profile — who it is, whom it serves,
 * what it offers and the voice every other agent then writes in.
 */
import * as z from "zod/mini";
import { defineAgent } from "#shared/domain/agents/agent";
import { brandProfileSchema } from "#shared/domain/brand/brand-profile";
import { line, lines, text } from "../fields.ts";
import {
  clip,
  decapitalize,
  draftFacts,
  draftWriter,
  listPhrase,
  markOffline,
  oneLine,
  unique,
} from "../offline.ts";
import { buildPrompt } from "../prompt.ts";

/** The onboarding answers. */
export const setupInput = z.strictObject({
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
});

/** Industries the offline draft recognises in the offering, first match wins. */
const INDUSTRIES: readonly [RegExp, string][] = [
  [/software|saas|\bapps?\b|platform|cloud|\bit\b|developer/i, "Software and IT services"],
  [/coffee|caf[eé]|restaurant|bakery|food|catering|bar\b|brew/i, "Food and drink"],
  [/clinic|dental|dentist|health|physio|therapy|medical|care\b|wellness/i, "Health and wellness"],
  [/gym|fitness|yoga|pilates|coach/i, "Fitness and coaching"],
  [/law|legal|solicitor|attorney/i, "Legal services"],
  [/account|bookkeep|tax|financ|insur|mortgage/i, "Financial services"],
  [/real estate|propert|letting|estate agen/i, "Real estate"],
  [/course|training|school|tutor|education|learn/i, "Education and training"],
  [/hotel|travel|tour|holiday|hostel/i, "Travel and hospitality"],
  [/plumb|build|construct|roof|electric|renovat|landscap/i, "Construction and trades"],
  [/marketing|agency|design|brand|advertis/i, "Marketing and creative services"],
  [/consult|advis/i, "Professional services"],
  [/shop|store|retail|boutique|fashion|cloth|jewel|e-?commerce/i, "Retail and e-commerce"],
];

/** "a, b and c; d" → ["a", "b", "c", "d"], each on one line and bounded. */
function items(text: string, max: number, count: number): string[] {
  const parts = text
    .split(/[,;\n•]|\s+(?:and|&)\s+/u)
    .map((part) => clip(oneLine(part).replace(/^[-*\d.)\s]+/u, ""), max))
    .filter((part) => part.length >= 2);
  const result = unique(parts).slice(0, count);
  return result.length > 0 ? result : [clip(oneLine(text), max)];
}

export const setupAgent = defineAgent({
  role: "setup",
  title: "Brand setup",
  description:
    "Reads the onboarding answers and proposes the brand profile — audiences, offerings, differentiators, voice and keywords — that every other agent writes with once a tenant admin accepts it.",
  profile: "short",
  input: setupInput,
  output: brandProfileSchema,
  produces: "brand-profile",
  creditPrice: 1,
  // One run per set of answers (no `subject`: the whole input is the subject); new answers, new run.
  runs: "idempotent",
  maxOutputTokens: 2_000,

  // The profile comes from the answers alone (they are the run's subject), never from a previous one.
  prompt({ input }) {
    return buildPrompt({
      title: "brand strategist",
      task: "From the business's onboarding answers, write its brand profile: a faithful, specific summary of who it is, whom it serves, what it offers, why customers choose it, the voice to write in and the keywords it wants to be found for.",
      rules: [
        "Use the business's own facts; do not invent awards, numbers, clients or certifications.",
        "Audiences are specific groups (who they are and what they need), not 'everyone'.",
        "Voice 'do' and 'avoid' are concrete writing instructions another writer can follow.",
        "Keywords are search phrases the audiences would type, 2–5 words each, in the business's language.",
        "Where website text is given, learn the voice from it; where it disagrees with the answers, the answers win.",
      ],
      brief: [
        ["Business name", input.businessName],
        ["What it sells", input.offering],
        ["Whom it serves", input.audience],
        ["Markets", input.markets],
        ["Goals", input.goals],
        ["Tone preferences", input.tone],
        ["Competitors", input.competitors],
        ["Website text", input.websiteText],
      ],
      ask: "Write the brand profile now.",
      output: brandProfileSchema,
    });
  },

  offlineDraft({ input }) {
    const audiences = items(input.audience, 300, 4);
    const offerings = items(input.offering, 300, 6);
    const markets = input.markets ? oneLine(input.markets) : undefined;
    const market = input.markets ? items(input.markets, 60, 1)[0] : undefined;
    const facts = draftFacts(undefined, {
      topic: offerings[0] ?? input.offering,
      name: input.businessName,
      audience: audiences[0],
      tone: input.tone,
    });
    const writer = draftWriter(input, facts);
    const industry = INDUSTRIES.find(([pattern]) => pattern.test(input.offering))?.[1] ?? "General business";
    const goals = input.goals.map((goal) => clip(oneLine(goal), 120));
    const summary = [
      `${facts.name} offers ${listPhrase(offerings.slice(0, 3).map(decapitalize))} to ${listPhrase(audiences.slice(0, 2).map(decapitalize))}${markets ? ` in ${markets}` : ""}.`,
      `Its focus now: ${listPhrase(goals.slice(0, 2).map(decapitalize)).replace(/[.!]$/u, "")}.`,
      writer.sentence("summary"),
    ].join(" ");
    const differentiators = unique(
      [
        ...(markets ? [`Local knowledge of ${clip(markets, 260)}`] : []),
        `A ${facts.tone} voice that ${decapitalize(clip(audiences[0] ?? "customers", 200))} trust`,
        ...(input.competitors?.length
          ? [`A clear alternative to ${clip(listPhrase(input.competitors.slice(0, 3)), 250)}`]
          : []),
        writer.pick("differentiator", [
          "Practical advice before a sale, not after it",
          "Straight answers and transparent pricing",
          "Fast, personal responses from people who know the work",
        ]),
      ].map((differentiator) => clip(differentiator, 300)),
    );
    const keywords = unique([
      ...offerings.map((offering) => clip(offering.toLocaleLowerCase(), 60)),
      ...(market ? offerings.slice(0, 2).map((o) => clip(`${o} ${market}`.toLocaleLowerCase(), 60)) : []),
      clip(input.businessName, 60),
    ]).slice(0, 12);
    return {
      businessName: input.businessName,
      summary: clip(markOffline(summary), 1000),
      industry,
      audiences,
      offerings,
      differentiators,
      voice: {
        tone: input.tone,
        do: [
          clip(`Speak to ${decapitalize(audiences[0] ?? "customers")} directly, as "you"`, 200),
          clip(`Tie every piece back to a goal: ${decapitalize(goals[0] ?? "growth")}`, 200),
          writer.pick("do", [
            "Lead with the customer's problem, then the fix",
            "Use short sentences and concrete examples",
            "Back claims with specifics the business can stand behind",
          ]),
        ],
        avoid: [
          "Jargon the audience would not use themselves",
          "Promises the business cannot back up",
          ...(input.competitors?.length ? ["Naming competitors in published copy"] : []),
        ],
      },
      keywords,
    };
  },
});
