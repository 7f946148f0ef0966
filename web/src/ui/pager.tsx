/** Previous / next controls for a cursor listing, with the state they drive (`useCursorPages`). */
import { useCallback, useState } from "react";
import { Button } from "./controls.tsx";
import { type CursorTrail, FIRST_PAGE, nextPage, pageNumber, previousPage } from "./cursor-pages.ts";

/** The cursor of the page to read, and the moves between pages; `reset` returns to the first (e.g. on a new filter). */
export function useCursorPages() {
  const [trail, setTrail] = useState<CursorTrail>(FIRST_PAGE);
  return {
    trail,
    cursor: trail.current,
    next: useCallback((cursor: string) => setTrail((t) => nextPage(t, cursor)), []),
    previous: useCallback(() => setTrail(previousPage), []),
    reset: useCallback(() => setTrail(FIRST_PAGE), []),
  };
}

/**
 * "Previous" and "Next" for a listing; `label` names the listing for screen readers ("Tenants pages").
 * Renders nothing when there is only one page.
 */
export function Pager({
  pages,
  nextCursor,
  label,
}: {
  pages: ReturnType<typeof useCursorPages>;
  nextCursor: string | undefined;
  label: string;
}) {
  const number = pageNumber(pages.trail);
  if (number === 1 && !nextCursor) return null;
  return (
    <nav className="row pager" aria-label={label}>
      <Button small disabled={number === 1} onClick={pages.previous}>
        Previous page
      </Button>
      <span className="muted">Page {number}</span>
      <Button small disabled={!nextCursor} onClick={() => nextCursor && pages.next(nextCursor)}>
        Next page
      </Button>
    </nav>
  );
}
