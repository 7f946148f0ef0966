/**
 * Every search index, at its current version. Adding an index is one file beside this one (its
 * definition) and one line here; the migration (`npm run ops -- search migrate`) and the local cloud
 * create it, and the store refuses to address an index that is not listed.
 */
import { contentIndexV1 } from "./content.v1.ts";
import type { IndexDefinition } from "./index-definition.ts";
import { knowledgeChunksIndexV1 } from "./knowledge-chunks.v1.ts";

export const searchIndexes: readonly IndexDefinition[] = [contentIndexV1, knowledgeChunksIndexV1];

/** The definition of a registered index, by name. */
export function indexDefinition(name: string): IndexDefinition {
  const found = searchIndexes.find((definition) => definition.name === name);
  if (!found) throw new Error(`No search index named ${name} is registered`);
  return found;
}
