/**
 * The tenant's brand profile and voice: one set of field shapes, two schemas over them. `setup`
 * answers with `brandProfileSchema` (an `object`, which drops keys a model adds on its own), the
 * worker checks a stored profile with it again before a prompt uses it (a profile stored under an
 * older schema is left out, not trusted), and a tenant admin's edit is checked at the API with
 * `brandProfileInputSchema` (a `strictObject`: an unknown key is the client's mistake). The fields
 * added after `setup` was written (`voice.wordsToUse`, `voice.wordsToAvoid`, `examples`) are
 * optional, so every profile `setup` produced still fits.
 */
import * as z from "zod/mini";
import { line, lines, list, text } from "#shared/domain/agents/fields";

const voiceShape = {
  tone: lines(40, { min: 1, max: 6 }),
  /** Writing instructions to follow ("Use short sentences"). */
  do: lines(200, { min: 1, max: 8 }),
  /** Writing instructions to avoid ("Jargon the audience would not use"). */
  avoid: lines(200, { min: 0, max: 8 }),
  /** Words and phrases the brand likes to use. */
  wordsToUse: z.optional(lines(60, { min: 0, max: 30 })),
  /** Words and phrases never to write (checked in drafts before review). */
  wordsToAvoid: z.optional(lines(60, { min: 0, max: 30 })),
};

const profileShape = {
  businessName: line(120),
  /** Two to four sentences: what the business does, for whom, and why it is chosen. */
  summary: text(1000),
  industry: line(120),
  audiences: lines(300, { min: 1, max: 6 }),
  offerings: lines(300, { min: 1, max: 12 }),
  differentiators: lines(300, { min: 1, max: 8 }),
  keywords: lines(60, { min: 1, max: 20 }),
  /** Short sample passages written in the brand's voice, for a writer to match. */
  examples: z.optional(list(text(1000), { min: 0, max: 5 })),
};

export const brandProfileSchema = z.object({ ...profileShape, voice: z.object(voiceShape) });

/** The same profile as a tenant admin sends it: unknown keys are refused, not dropped. */
export const brandProfileInputSchema = z.strictObject({
  ...profileShape,
  voice: z.strictObject(voiceShape),
});

/** Every agent's prompt uses it (and its voice) when the tenant has an accepted one. */
export type BrandProfile = z.output<typeof brandProfileSchema>;
