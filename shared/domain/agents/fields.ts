/**
 * The field shapes the agents' schemas are built from. Lengths count UTF-16 code units, as zod and
 * JavaScript do (an emoji counts 2), so a bound is never looser than a count of characters.
 *
 * Inputs are `strictObject`s (an unknown key is a client's mistake); outputs are plain `object`s,
 * which drop keys a model adds on its own while their JSON Schema still says
 * `additionalProperties: false`.
 */
import * as z from "zod/mini";
import { displayLine, displayParagraphs } from "#shared/domain/text/display-text";

/**
 * Display text of `min`–`max` characters that may hold line breaks (never only whitespace; no control
 * or text-direction characters: see `display-text.ts`).
 */
export function text(max: number, min = 1) {
  return displayParagraphs(max, min);
}

/** Like {@link text}, on one line: headings, names, titles. */
export function line(max: number, min = 1) {
  return displayLine(max, min);
}

/** A list of `min`–`max` one-line texts of at most `maxLength` characters each. */
export function lines(maxLength: number, count: { min: number; max: number }) {
  return list(line(maxLength), count);
}

/**
 * A schema built on its first use instead of when its module loads: building zod schemas is most of
 * what loading the agents' definitions costs, and a function that serves one agent's run, or none,
 * should not build every agent's (docs/decisions/0004-cold-start-budget.md). The same instance on
 * every call.
 */
export function lazySchema<T extends z.ZodMiniType>(build: () => T): () => T {
  let schema: T | undefined;
  return () => {
    schema ??= build();
    return schema;
  };
}

/**
 * A field of an input that the platform fills when it starts a revision (the feedback, the draft
 * revised): a client may still send it, but its JSON Schema says `readOnly`, so the run form leaves it
 * out. The same schema, registered.
 */
export function setByPlatform<T extends z.ZodMiniType>(schema: T): T {
  z.globalRegistry.add(schema, { readOnly: true });
  return schema;
}

/** A list of `min`–`max` items. */
export function list<T extends z.ZodMiniType>(item: T, count: { min: number; max: number }) {
  return z.array(item).check(z.minLength(count.min), z.maxLength(count.max));
}
