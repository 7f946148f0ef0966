/**
 * What the offline model's drafts are made of: choices seeded by a hash of the run's context (so the
 * same context always gives the same draft and another brief another one), and sentence builders
 * that weave the brief and the brand profile into plausible marketing copy. Every draft carries
 * {@link OFFLINE_MARKER} at the start of its main text, so a reviewer never mistakes it for a
 * model's work.
 */
import { createHash } from "node:crypto";
import type { BrandProfile } from "#shared/domain/brand/brand-profile";
import { canonicalJson } from "#shared/domain/canonical-json";
import { clip, oneLine } from "#shared/domain/text/clip";

/** Opens the main text of every offline draft. */
export const OFFLINE_MARKER = "[Offline draft]";

/** `text`, labelled as an offline draft. */
export function markOffline(text: string): string {
  return `${OFFLINE_MARKER} ${text}`;
}

/** SHA-256 (hex) of the value's canonical JSON. */
export function stableHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

/** Choices that depend only on the seed and a salt naming the choice. */
export interface Seeded {
  /** One of `options` (not empty). */
  pick<T>(salt: string, options: readonly T[]): T;
  /** An integer in [min, max]. */
  int(salt: string, min: number, max: number): number;
  /** `options` in a seeded order. */
  shuffle<T>(salt: string, options: readonly T[]): T[];
}

export function seeded(seed: unknown): Seeded {
  const root = stableHash(seed);
  const draw = (salt: string) =>
    Number.parseInt(createHash("sha256").update(`${root}:${salt}`).digest("hex").slice(0, 12), 16);
  return {
    pick(salt, options) {
      const choice = options[draw(salt) % options.length];
      if (choice === undefined) throw new RangeError(`Nothing to pick for ${salt}`);
      return choice;
    },
    int(salt, min, max) {
      return min + (draw(salt) % (max - min + 1));
    },
    shuffle(salt, options) {
      return options
        .map((option, index) => ({ option, rank: draw(`${salt}#${index}`) }))
        .sort((a, b) => a.rank - b.rank)
        .map(({ option }) => option);
    },
  };
}

export function capitalize(text: string): string {
  const [first = "", ...rest] = Array.from(text);
  return first.toLocaleUpperCase() + rest.join("");
}

/** "Specialty coffee" → "specialty coffee", for the middle of a sentence; "SEO tips" stays. */
export function decapitalize(text: string): string {
  const [first = "", second = ""] = Array.from(text);
  return second && second === second.toLocaleLowerCase()
    ? first.toLocaleLowerCase() + text.slice(first.length)
    : text;
}

/** `a`, `a and b`, `a, b and c`. */
export function listPhrase(items: readonly string[], conjunction = "and"): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items.at(-1)}`;
}

/** Items without repeats (case-insensitive), first spelling kept. */
export function unique(items: readonly string[]): string[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = item.toLocaleLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A URL slug of ASCII letters and digits (accents dropped); `""` when the text has none. */
export function slugify(text: string, max = 80): string {
  const slug = text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length <= max) return slug;
  const short = slug.slice(0, max);
  const dash = short.lastIndexOf("-");
  return (dash > max / 2 ? short.slice(0, dash) : short).replace(/-+$/, "");
}

/** `organic coffee beans` → `OrganicCoffeeBeans`, in any script; `""` when no letter or digit. */
export function hashtagOf(text: string, max = 40): string {
  const words = text.normalize("NFKC").match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return clip(words.map(capitalize).join(""), max).replace(/…$/u, "");
}

/** `{name}` placeholders replaced by `vars`; unknown ones left as they are. */
export function fill(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => vars[key] ?? whole);
}

/** What offline copy is woven from: who speaks, to whom, how, and about what. */
export interface DraftFacts {
  /** The business (or "our team" before there is a brand profile). */
  name: string;
  audience: string;
  /** The voice, as a phrase: "warm and expert". */
  tone: string;
  /** The brief's keywords first, then the brand's; never empty. */
  keywords: readonly string[];
  /** The brief's subject, on one line and short enough for a sentence. */
  topic: string;
}

export interface DraftBrief {
  topic: string;
  audience?: string | undefined;
  keywords?: readonly string[] | undefined;
  name?: string | undefined;
  tone?: readonly string[] | undefined;
}

export function draftFacts(brand: BrandProfile | undefined, brief: DraftBrief): DraftFacts {
  const topic = decapitalize(clip(oneLine(brief.topic), 80));
  const tone = brief.tone?.length ? brief.tone : (brand?.voice.tone ?? []);
  return {
    name: oneLine(brief.name ?? brand?.businessName ?? "our team"),
    audience: decapitalize(clip(oneLine(brief.audience ?? brand?.audiences[0] ?? "our customers"), 80)),
    tone: listPhrase(tone.slice(0, 3).map((t) => oneLine(t).toLocaleLowerCase())) || "clear and friendly",
    keywords: unique([...(brief.keywords ?? []), ...(brand?.keywords ?? []), topic].map(oneLine)).filter(
      Boolean,
    ),
    topic,
  };
}

const SENTENCES = [
  "{audience} keep asking about {topic}, and {name} has a straight answer.",
  "The best results with {keyword} come from starting with what {audience} actually need.",
  "{name} works with {audience} every day, and one pattern keeps showing up: small, steady improvements beat one big push.",
  "Think of {topic} as a habit rather than a project, and measure it the same way.",
  "When {audience} compare their options, {keyword} is often what tips the decision.",
  "A {tone} approach to {topic} builds the kind of trust that turns interest into enquiries.",
  "Start with one clear goal, share what you learn, and let {keyword} do the heavy lifting.",
  "Here is what {name} has learned about {topic} from working with {audience}.",
  "Good {keyword} is not about doing more; it is about doing the right things consistently.",
  "Most {audience} do not need more options; they need a clear next step on {topic}.",
  "The details matter: a little care with {keyword} shows {audience} that you understand them.",
  "{name} keeps {topic} practical: fewer buzzwords, more steps you can act on this week.",
] as const;

const CALLS_TO_ACTION = [
  "Talk to {name} about {topic} today.",
  "Get in touch with {name}, and we will help you plan your next step.",
  "Ready to start? {name} can help you put this into practice.",
  "Questions about {keyword}? Ask {name}; we are happy to help.",
] as const;

/** Sentences and choices for one draft, seeded by its context. */
export interface DraftWriter extends Seeded {
  facts: DraftFacts;
  /** The facts as template variables, `keyword` chosen by `salt`. */
  vars(salt: string): Record<string, string>;
  /** One sentence from `templates` (the general bank by default), filled and capitalized. */
  sentence(salt: string, templates?: readonly string[]): string;
  /** `count` different sentences from `templates` (the general bank by default), as one paragraph. */
  paragraph(salt: string, count: number, templates?: readonly string[]): string;
  callToAction(salt: string, templates?: readonly string[]): string;
}

/** A writer seeded by `seed` (the run's context) that speaks with `facts`. */
export function draftWriter(seed: unknown, facts: DraftFacts): DraftWriter {
  const random = seeded(seed);
  const vars = (salt: string) => ({
    name: facts.name,
    audience: facts.audience,
    tone: facts.tone,
    topic: facts.topic,
    keyword: random.pick(`${salt}:keyword`, facts.keywords),
  });
  const sentence = (salt: string, templates: readonly string[] = SENTENCES) =>
    capitalize(fill(random.pick(salt, templates), vars(salt)));
  return {
    ...random,
    facts,
    vars,
    sentence,
    paragraph(salt, count, templates = SENTENCES) {
      return random
        .shuffle(salt, templates)
        .slice(0, count)
        .map((template, index) => capitalize(fill(template, vars(`${salt}:${index}`))))
        .join(" ");
    },
    callToAction(salt, templates = CALLS_TO_ACTION) {
      return sentence(salt, templates);
    },
  };
}
