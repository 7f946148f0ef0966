/**
 * A version's body, shown as its fields: a blog post's article as Markdown (through `Markdown`, the
 * only way model output becomes markup), every other text as plain text (React escapes it), lists as
 * lists and nested objects as labelled groups. The same renderer shows a run's brief.
 */
import type { ReactNode } from "react";
import { humanize } from "../ui/format.ts";
import { Markdown } from "../ui/markdown.tsx";
import { fieldLabel, isRecord, splitCamel } from "./body-fields.ts";
import type { ContentType } from "./status.ts";

/** The fields written in Markdown, by content type. */
const MARKDOWN_FIELDS: Partial<Record<ContentType, readonly string[]>> = { "blog-post": ["article"] };

export function ContentBody({ type, body }: { type?: ContentType; body: unknown }) {
  const markdown = (type && MARKDOWN_FIELDS[type]) ?? [];
  return <div className="content-body">{renderNode(body, [], markdown)}</div>;
}

function renderNode(value: unknown, path: readonly string[], markdown: readonly string[]): ReactNode {
  if (typeof value === "string") {
    return markdown.includes(path.join(".")) ? (
      <Markdown source={value} />
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
            {renderNode(item, [...path, String(i)], markdown)}
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
            <dd>{renderNode(field, [...path, key], markdown)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return <p className="muted">—</p>;
}
