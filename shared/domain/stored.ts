/**
 * What a repository hands back: the data a port speaks of plus the bookkeeping every stored item
 * carries (its id, its version for guarded writes, its timestamps). Adapters return these shapes;
 * the domain never sees how they are keyed.
 */
export type Stored<T> = T & { id: string; version: number; createdAt: string; updatedAt: string };

/** One page of a listing. */
export interface Page<T> {
  items: Stored<T>[];
  /** Opaque; pass back as `cursor` for the next page. Absent on the last page. */
  nextCursor?: string;
}

/** How a caller asks for one page of a listing. */
export interface PageRequest {
  limit?: number;
  cursor?: string;
}
