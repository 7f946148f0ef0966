/**
 * The knowledge-base sources a run's prompt was given (on the run, and on the content version it
 * wrote): each one's label as the text cites it, the document (a link to it where the reader has the
 * page), where it comes from, and whether the answer cites it. Each entry is the target of the text's
 * `[S1]` links.
 */
import { Link } from "react-router";
import type { SourceCitationView } from "#shared/contracts/knowledge-views";
import { Badge } from "../ui/feedback.tsx";
import { safeUrl } from "../ui/markdown.tsx";
import { sourceAnchor } from "./citations.ts";

export function SourcesList({
  sources,
  documentLink,
}: {
  sources: readonly SourceCitationView[] | undefined;
  /** The portal path of a knowledge document; without it titles are plain text (a reviewer has no such page). */
  documentLink?: (documentId: string) => string;
}) {
  if (!sources || sources.length === 0) {
    return <p className="muted">No knowledge-base source was given to this run.</p>;
  }
  return (
    <ol className="stack-tight sources" aria-label="Sources">
      {sources.map((source) => {
        const url = source.sourceUrl ? safeUrl(source.sourceUrl) : "";
        return (
          <li key={source.label} id={sourceAnchor(source.label)} tabIndex={-1}>
            <strong>[{source.label}]</strong>{" "}
            {documentLink ? <Link to={documentLink(source.documentId)}>{source.title}</Link> : source.title}{" "}
            {source.cited ? <Badge tone="success">Cited</Badge> : <Badge>Not cited</Badge>}
            {url ? (
              <>
                {" "}
                <a href={url} rel="noopener noreferrer nofollow" target="_blank" className="muted">
                  {source.sourceUrl}
                </a>
              </>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
