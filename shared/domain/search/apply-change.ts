/**
 * Applies what an event asks of the index. A write the index refuses as stale (it holds this version
 * or a newer one) is success: the event was old or delivered twice.
 */
import type { TenantSearchIndex } from "./ports.ts";
import type { IndexChange } from "./search-document.ts";

/** What became of a change, for the log. */
export type ChangeOutcome = "written" | "removed" | "stale" | "absent" | "nothing";

export async function applyChange(
  index: TenantSearchIndex,
  change: IndexChange | undefined,
): Promise<ChangeOutcome> {
  if (change === undefined) return "nothing";
  if (change.kind === "put") return index.put(change.document);
  return index.remove(change.id, change.version);
}
