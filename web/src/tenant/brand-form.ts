/**
 * The brand profile as a form holds it and as the API takes it. Lists are edited one item a line;
 * examples, which may run to several paragraphs, one text each. Empty lines and examples are dropped
 * and items trimmed, so what is sent is what the person meant; the optional lists are left out when
 * empty. A server's field error (`profile.voice.tone.2`) is shown on the field it names.
 */
import type { BodyOf } from "../api/routes.ts";

export type BrandProfileInput = BodyOf<"PUT /api/tenant/v1/brand">["profile"];

/** A profile as the form edits it: every field a string, examples a list of texts. */
export interface BrandFormValues {
  businessName: string;
  summary: string;
  industry: string;
  audiences: string;
  offerings: string;
  differentiators: string;
  keywords: string;
  tone: string;
  do: string;
  avoid: string;
  wordsToUse: string;
  wordsToAvoid: string;
  examples: string[];
}

export type BrandField = keyof BrandFormValues;

/** The fields that are lists, edited one item a line. */
const LIST_FIELDS = ["audiences", "offerings", "differentiators", "keywords"] as const;
const VOICE_LIST_FIELDS = ["tone", "do", "avoid", "wordsToUse", "wordsToAvoid"] as const;

export const EMPTY_BRAND_FORM: BrandFormValues = {
  businessName: "",
  summary: "",
  industry: "",
  audiences: "",
  offerings: "",
  differentiators: "",
  keywords: "",
  tone: "",
  do: "",
  avoid: "",
  wordsToUse: "",
  wordsToAvoid: "",
  examples: [""],
};

/** The form's values for a stored profile (or the empty form when there is none). */
export function formOf(profile: BrandProfileInput | null | undefined): BrandFormValues {
  if (!profile) return { ...EMPTY_BRAND_FORM, examples: [...EMPTY_BRAND_FORM.examples] };
  const join = (items: readonly string[] | undefined) => (items ?? []).join("\n");
  return {
    businessName: profile.businessName,
    summary: profile.summary,
    industry: profile.industry,
    audiences: join(profile.audiences),
    offerings: join(profile.offerings),
    differentiators: join(profile.differentiators),
    keywords: join(profile.keywords),
    tone: join(profile.voice.tone),
    do: join(profile.voice.do),
    avoid: join(profile.voice.avoid),
    wordsToUse: join(profile.voice.wordsToUse),
    wordsToAvoid: join(profile.voice.wordsToAvoid),
    examples: profile.examples && profile.examples.length > 0 ? [...profile.examples] : [""],
  };
}

/** One item a line: trimmed, blank lines dropped. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The profile the API takes for the form's values. */
export function profileOf(values: BrandFormValues): BrandProfileInput {
  const wordsToUse = linesOf(values.wordsToUse);
  const wordsToAvoid = linesOf(values.wordsToAvoid);
  const examples = values.examples.map((example) => example.trim()).filter(Boolean);
  return {
    businessName: values.businessName.trim(),
    summary: values.summary.trim(),
    industry: values.industry.trim(),
    audiences: linesOf(values.audiences),
    offerings: linesOf(values.offerings),
    differentiators: linesOf(values.differentiators),
    keywords: linesOf(values.keywords),
    voice: {
      tone: linesOf(values.tone),
      do: linesOf(values.do),
      avoid: linesOf(values.avoid),
      ...(wordsToUse.length ? { wordsToUse } : {}),
      ...(wordsToAvoid.length ? { wordsToAvoid } : {}),
    },
    ...(examples.length ? { examples } : {}),
  };
}

const FIELDS = new Set<string>([...Object.keys(EMPTY_BRAND_FORM)]);

/**
 * The form field a server path names: `profile.voice.tone.2` → `tone`, `profile.examples.0` →
 * `examples`, `profile.summary` → `summary`; undefined for anything else.
 */
export function brandFieldOf(path: string | undefined): BrandField | undefined {
  if (!path) return undefined;
  const parts = path.split(".");
  if (parts[0] === "profile") parts.shift();
  if (parts[0] === "voice") parts.shift();
  const field = parts[0];
  return field && FIELDS.has(field) ? (field as BrandField) : undefined;
}

/** Which list fields are edited one item a line (for the form's hints). */
export function isListField(field: BrandField): boolean {
  return (
    (LIST_FIELDS as readonly string[]).includes(field) ||
    (VOICE_LIST_FIELDS as readonly string[]).includes(field)
  );
}
