/**
 * Briefs and brand profiles the agents' tests share: for each agent, a table of inputs from the
 * smallest to the longest the schema takes, in several scripts.
 */
import { safeParse } from "zod/v4/core";
import type { AgentContext, AgentDefinition } from "#shared/domain/agents/agent";
import type { BrandProfile } from "#shared/domain/brand/brand-profile";

export const brand: BrandProfile = {
  businessName: "Bean There Coffee",
  summary: "An independent roastery in Leeds selling specialty beans, brewing gear and barista courses.",
  industry: "Food and drink",
  audiences: ["Home brewers who want café-quality coffee", "Small offices choosing a coffee supplier"],
  offerings: ["Specialty coffee beans", "Brewing gear", "Barista courses"],
  differentiators: ["Roasted weekly in Leeds", "Courses limited to six people"],
  voice: {
    tone: ["Warm", "Knowledgeable", "Playful"],
    do: ["Explain brewing terms the first time they appear", "Use the reader's own words"],
    avoid: ["Coffee snobbery", "Exclamation marks"],
  },
  keywords: ["specialty coffee Leeds", "coffee beans online", "barista course"],
};

/** A profile written entirely outside the Latin script, at the schema's upper bounds. */
export const unicodeBrand: BrandProfile = {
  businessName: "東京ベーカリー 🍞",
  summary: "手作りのパンと焼き菓子を毎朝お届けする、東京・下北沢の小さなベーカリーです。",
  industry: "食品・飲料",
  audiences: ["近所の家族", "カフェのオーナー"],
  offerings: ["天然酵母パン", "焼き菓子", "ケータリング"],
  differentiators: ["毎朝焼きたて"],
  voice: { tone: ["親しみやすい", "丁寧"], do: ["短い文で書く"], avoid: [] },
  keywords: ["下北沢 パン屋", "天然酵母", "😋 おやつ"],
};

export const BRANDS: readonly [string, BrandProfile | undefined][] = [
  ["no brand profile", undefined],
  ["a brand profile", brand],
  ["a Japanese brand profile", unicodeBrand],
];

/** `unit` repeated to `length` UTF-16 code units, never cutting a surrogate pair in half. */
const long = (unit: string, length: number) => {
  const text = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  return /[\uD800-\uDBFF]$/.test(text) ? text.slice(0, -1) : text;
};

/** Inputs each agent must draft from, named; the raw request shape (defaults not yet applied). */
export const BRIEFS: Readonly<Record<string, readonly [string, Record<string, unknown>][]>> = {
  setup: [
    [
      "the fewest answers",
      {
        businessName: "Ace",
        offering: "Plumbing",
        audience: "Homeowners",
        goals: ["Get calls"],
        tone: ["Direct"],
      },
    ],
    [
      "every answer",
      {
        businessName: "Bean There Coffee",
        offering: "Specialty coffee beans, brewing gear and barista courses",
        audience: "Home brewers; small cafés and offices in Leeds",
        markets: "Leeds, Yorkshire and online across the UK",
        goals: ["More online orders", "Fill weekend barista courses"],
        tone: ["Warm", "Expert", "Playful"],
        competitors: ["Big Coffee Co", "Roast & Post"],
        websiteText: "We roast every Tuesday.\nOur courses are small: six people at most.",
      },
    ],
    [
      "answers at their longest",
      {
        businessName: long("Longname ", 120),
        offering: long("enterprise cloud software, ", 1000),
        audience: long("finance teams and controllers; ", 1000),
        markets: long("EMEA, ", 300),
        goals: Array.from({ length: 8 }, (_, i) => long(`Goal ${i} grow revenue `, 300)),
        tone: Array.from({ length: 6 }, (_, i) => long(`tone${i}`, 40)),
        competitors: Array.from({ length: 10 }, (_, i) => long(`Rival ${i} `, 120)),
        websiteText: long("We build software. ", 10_000),
      },
    ],
    [
      "answers in Japanese and emoji",
      {
        businessName: "東京ベーカリー 🍞",
        offering: "天然酵母パン、焼き菓子、ケータリング",
        audience: "近所の家族とカフェのオーナー",
        markets: "東京・下北沢",
        goals: ["予約注文を増やす 📈"],
        tone: ["親しみやすい", "丁寧"],
      },
    ],
    [
      "answers in Arabic",
      {
        businessName: "مخبز الياسمين",
        offering: "خبز طازج وحلويات شرقية",
        audience: "العائلات في عمّان",
        goals: ["زيادة الطلبات عبر الإنترنت"],
        tone: ["ودود"],
      },
    ],
  ],
  "strategy-writer": [
    ["a month and a focus", { period: "2026-07", focus: "Summer menu launch" }],
    [
      "a quarter with goals, channels, budget and notes",
      {
        period: "2026-Q3",
        focus: "Autumn barista course launch",
        goals: [
          "Sell out 12 barista courses",
          "Grow newsletter subscribers to 2,000",
          "Rank for barista course",
        ],
        channels: ["Blog", "Instagram", "Email newsletter", "Google Ads"],
        budget: "£2,000 a month",
        notes: "We have one part-time marketer.\nNo video production.",
      },
    ],
    [
      "a whole year at the longest",
      {
        period: "2027",
        focus: long("B2B lead generation for accounting software ", 300),
        goals: Array.from({ length: 6 }, (_, i) => long(`More qualified leads from segment ${i} `, 300)),
        channels: Array.from({ length: 10 }, (_, i) => long(`Channel ${i} `, 60)),
        budget: long("€", 200),
        notes: long("Context line. ", 4000),
      },
    ],
    [
      "a half year in Japanese",
      { period: "2026-H2", focus: "年末ギフトの販売 🎁", channels: ["Instagram", "LINE"] },
    ],
  ],
  "blog-writer": [
    ["a short post", { topic: "SEO", keywords: ["seo"], length: "short" }],
    [
      "a medium post for an audience (default length)",
      {
        topic: "How to choose a burr grinder",
        keywords: ["burr grinder", "coffee grinder"],
        audience: "Home brewers",
      },
    ],
    [
      "a long post at the longest",
      {
        topic: long("The complete guide to choosing accounting software for growing companies ", 200),
        keywords: Array.from({ length: 10 }, (_, i) => long(`accounting software keyword ${i} `, 60)),
        audience: long("Finance directors at companies with 50 to 500 staff ", 300),
        length: "long",
      },
    ],
    [
      "a revision with feedback",
      {
        topic: "Cold brew at home",
        keywords: ["cold brew"],
        length: "medium",
        feedback: "Too long-winded. Add a recipe section.\nMention our cold brew kit.",
        revisionOf: {
          runId: "01JD5Q4Z8X9Y0ABCDEFGHJKMNP",
          title: "Cold brew at home",
          article: "## Intro\n\nText.",
        },
      },
    ],
    [
      "a post in Japanese",
      { topic: "天然酵母パンの保存方法 🍞", keywords: ["天然酵母", "パン 保存"], length: "short" },
    ],
    ["a heading-breaking topic", { topic: "Learn C # and F #", keywords: ["C#"], length: "short" }],
  ],
  "social-post-writer": [
    ["one post for X", { message: "Open day on Saturday", networks: ["x"] }],
    [
      "every network, three each, with a link",
      {
        message: "Our autumn barista courses are open for booking: six people per class, all gear provided.",
        networks: ["x", "linkedin", "facebook", "instagram"],
        link: "https://beanthere.example.com/courses?utm_source=social&utm_campaign=autumn",
        countPerNetwork: 3,
      },
    ],
    [
      "the longest message and link, five each",
      {
        message: long("A very long announcement about our new product line and what it means. ", 1000),
        networks: ["x", "instagram", "linkedin"],
        link: `https://example.com/${long("a", 470)}`,
        countPerNetwork: 5,
      },
    ],
    [
      "a message in Japanese with emoji, for X",
      {
        message: long("新しい季節限定パンが登場しました🍞✨👨‍👩‍👧 ", 1000),
        networks: ["x", "facebook"],
        countPerNetwork: 2,
      },
    ],
    ["a message of punctuation only", { message: "!!! ??? …", networks: ["instagram", "x"] }],
  ],
};

/** A context from a raw input, parsed with the agent's input schema (defaults applied). */
export function contextFor(
  agent: AgentDefinition,
  raw: unknown,
  brandProfile?: BrandProfile,
): AgentContext<unknown> {
  const parsed = safeParse(agent.input, raw);
  if (!parsed.success) {
    throw new Error(`Fixture input is invalid for ${agent.role}: ${JSON.stringify(parsed.error.issues)}`);
  }
  return brandProfile ? { input: parsed.data, brand: brandProfile } : { input: parsed.data };
}
