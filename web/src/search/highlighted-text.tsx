/** A highlight fragment on screen: its matched terms in `<mark>`, all of it as escaped text. */
import type { SearchResultsView } from "#shared/contracts/search.routes";
import { highlightPieces } from "./highlight.ts";

type Fragment = NonNullable<SearchResultsView["items"][number]["highlights"]["body"]>[number];

export function HighlightedText({ fragment }: { fragment: Fragment }) {
  let at = 0;
  return (
    <>
      {highlightPieces(fragment.text, fragment.marks).map((piece) => {
        // A piece's offset in the fragment is unique and stable: a key that never collides.
        const key = at;
        at += piece.text.length;
        return piece.marked ? <mark key={key}>{piece.text}</mark> : <span key={key}>{piece.text}</span>;
      })}
    </>
  );
}
