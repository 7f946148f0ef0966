/**
 * How `setup` asks a model for its answer, and the offline model's draft: the workers' part of the
 * agent (setup.agent.ts holds its definition, which the API loads alone).
 */
import { defineWorker } from "#shared/domain/agents/agent";
import { brandProfileSchema } from "#shared/domain/brand/brand-profile";
import { clip, oneLine } from "#shared/domain/text/clip";
import { decapitalize, draftFacts, draftWriter, listPhrase, markOffline, unique } from "../offline.ts";
import { buildPrompt } from "../prompt.ts";
import { setupAgent } from "./setup.agent.ts";

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

/** How `setup` prompts, and its offline draft. */
export const setupWorker = defineWorker(setupAgent, {
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
