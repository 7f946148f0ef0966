/**
 * A version's body, shown as its fields: a blog post's article as Markdown (through `Markdown`, the
 * only way model output becomes markup), every other text as plain text (React escapes it), lists as
 * lists and nested objects as labelled groups. The same renderer shows a run's brief.
 */
import type { ReactNode } from "react";
import { humanize } from "../ui/format.ts";
import { Markdown } from "../ui/markdown.tsx";
import { fieldLabel, isRecord, splitCamel } from "./body-fields.ts";
import { linkCitations } from "./citations.ts";
import type { ContentType } from "./status.ts";

/** The fields written in Markdown, by content type. */
const MARKDOWN_FIELDS: Partial<Record<ContentType, readonly string[]>> = { "blog-post": ["article"] };

/** The fields read first, by content type (the rest follow in the body's own order). */
const LEADING_FIELDS: Partial<Record<ContentType, readonly string[]>> = {
  "blog-post": ["title", "metaDescription", "slug", "article"],
};

export function ContentBody({
  type,
  body,
  citations = [],
}: {
  type?: ContentType;
  body: unknown;
  /** The labels of the sources the version was given: their `[S1]` markers in Markdown link to the list. @default [] */
  citations?: readonly string[];
}) {
  const markdown = (type && MARKDOWN_FIELDS[type]) ?? [];
  return (
    <div className="content-body">{renderNode(inReadingOrder(body, type), [], { markdown, citations })}</div>
  );
}

/** How the fields of one body render: which are Markdown, and the citation labels they may link. */
interface RenderOptions {
  markdown: readonly string[];
  citations: readonly string[];
}

/** The body with its type's leading fields first; any other body as it is. */
function inReadingOrder(body: unknown, type: ContentType | undefined): unknown {
  const leading = (type && LEADING_FIELDS[type]) ?? [];
  if (!isRecord(body) || leading.length === 0) return body;
  const ordered: Record<string, unknown> = {};
  for (const key of leading) if (key in body) ordered[key] = body[key];
  return { ...ordered, ...body };
}

function renderNode(value: unknown, path: readonly string[], options: RenderOptions): ReactNode {
  if (typeof value === "string") {
    return options.markdown.includes(path.join(".")) ? (
      <Markdown source={linkCitations(value, options.citations)} />
    ) : (
      <p className="prewrap">{value}</p>
    );
  }
  if (typeof value === "number" || typeof value === "boolean") return <p>{String(value)}</p>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <p className="muted">None</p>;
    if (value.every((item) => typeof item === "string" || typeof item === "number")) {
      return (
        <ul>
          {value.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a version's list never reorders in place
            <li key={i}>{String(item)}</li>
          ))}
        </ul>
      );
    }
    return (
      <ol className="content-items">
        {value.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a version's list never reorders in place
          <li key={i} aria-label={fieldLabel([...path, String(i)].join("."))}>
            {renderNode(item, [...path, String(i)], options)}
          </li>
        ))}
      </ol>
    );
  }
  if (isRecord(value)) {
    return (
      <dl className="content-fields">
        {Object.entries(value).map(([key, field]) => (
          <div key={key}>
            <dt>{humanize(splitCamel(key))}</dt>
            <dd>{renderNode(field, [...path, key], options)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return <p className="muted">—</p>;
}
