/**
 * A tenant's search documents for use-case tests: `put` and `remove` are recorded in order and
 * answered as the index would (a version not above the stored one is `stale`); searches are not
 * served (the store's queries are tested against the local node).
 */
import type { RemoveOutcome, SearchDocument, TenantSearchIndex, WriteOutcome } from "../ports.ts";

export type RecordedWrite = ["put", SearchDocument] | ["remove", string, number | undefined];

export function recordingIndex(): TenantSearchIndex & {
  writes: RecordedWrite[];
  stored: Map<string, number>;
} {
  const writes: RecordedWrite[] = [];
  const stored = new Map<string, number>();
  const unused = () => Promise.reject(new Error("not served by the recording index"));
  return {
    writes,
    stored,
    async put(document): Promise<WriteOutcome> {
      writes.push(["put", document]);
      if ((stored.get(document.id) ?? -1) >= document.version) return "stale";
      stored.set(document.id, document.version);
      return "written";
    },
    async remove(id, version): Promise<RemoveOutcome> {
      writes.push(["remove", id, version]);
      const current = stored.get(id);
      if (current === undefined) return "absent";
      if (version !== undefined && current > version) return "stale";
      stored.delete(id);
      return "removed";
    },
    putMany: unused,
    removeWhere: unused,
    clear: unused,
    search: unused,
  };
}
