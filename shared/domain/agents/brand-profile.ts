/**
 * The tenant's brand profile, as the `setup` agent writes it: one schema, and the type derived from
 * it. `setup` answers with it, and the worker checks a stored profile with it again before a prompt
 * uses it (a profile stored under an older schema is left out, not trusted).
 */
import * as z from "zod/mini";
import { line, lines, text } from "./fields.ts";

export const brandProfileSchema = z.object({
  businessName: line(120),
  /** Two to four sentences: what the business does, for whom, and why it is chosen. */
  summary: text(1000),
  industry: line(120),
  audiences: lines(300, { min: 1, max: 6 }),
  offerings: lines(300, { min: 1, max: 12 }),
  differentiators: lines(300, { min: 1, max: 8 }),
  voice: z.object({
    tone: lines(40, { min: 1, max: 6 }),
    do: lines(200, { min: 1, max: 8 }),
    avoid: lines(200, { min: 0, max: 8 }),
  }),
  keywords: lines(60, { min: 1, max: 20 }),
});

/** Every agent's prompt uses it (and its voice) when the tenant has one. */
export type BrandProfile = z.output<typeof brandProfileSchema>;
