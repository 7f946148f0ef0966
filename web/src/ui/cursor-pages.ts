/**
 * Paging through a cursor listing (`{ items, nextCursor }`): the API only ever hands out the cursor of
 * the next page, so going back means remembering the cursors that led here.
 */

/** Where a reader is in a cursor listing: the cursors of the pages before the current one, and its own. */
export interface CursorTrail {
  /** The cursors that opened each earlier page (`undefined` opens the first). */
  previous: readonly (string | undefined)[];
  /** The cursor that opened the current page (`undefined` for the first). */
  current: string | undefined;
}

export const FIRST_PAGE: CursorTrail = { previous: [], current: undefined };

/** One page on: the current page's `nextCursor` opens the next. */
export function nextPage(trail: CursorTrail, nextCursor: string): CursorTrail {
  return { previous: [...trail.previous, trail.current], current: nextCursor };
}

/** One page back; the first page stays where it is. */
export function previousPage(trail: CursorTrail): CursorTrail {
  if (trail.previous.length === 0) return trail;
  return { previous: trail.previous.slice(0, -1), current: trail.previous[trail.previous.length - 1] };
}

/** The 1-based number of the current page. */
export function pageNumber(trail: CursorTrail): number {
  return trail.previous.length + 1;
}
