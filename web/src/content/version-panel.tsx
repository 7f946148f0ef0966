/**
 * One version of an item, picked from all of them (the latest until the person picks another, so a
 * revision that arrives is shown at once): who wrote it, the feedback it answers, its body and the
 * pre-review findings on it.
 */

import { useState } from "react";
import type { ContentDetail, ContentVersionView } from "#shared/contracts/content-views";
import { SelectField } from "../ui/controls.tsx";
import { Alert, Empty } from "../ui/feedback.tsx";
import { formatDateTime, humanize } from "../ui/format.ts";
import { ContentBody } from "./content-body.tsx";
import { FindingsList } from "./findings-list.tsx";
import { SourcesList } from "./sources-list.tsx";

/**
 * "Written by an agent (model x), with brand profile version 2" / "Edited by hand by a reviewer" /
 * "Edited by hand by June" (a name where the reader may see it).
 */
export function sourceText(source: ContentVersionView["source"]): string {
  if (source.kind === "person") {
    const staff = source.role === "reviewer" || source.role === "super_admin";
    if (source.name) return `Edited by hand by ${source.name}${staff ? " (reviewer)" : ""}`;
    return `Edited by hand by ${staff ? "a reviewer" : "your team"}`;
  }
  const brand = source.brandVersion ? `, with brand profile version ${source.brandVersion}` : "";
  return `Written by an agent (${source.model.model})${brand}`;
}

export function VersionPanel({
  item,
  documentLink,
}: {
  item: ContentDetail;
  /** The portal path of a knowledge document its sources link to (the tenant's app has the page). */
  documentLink?: (documentId: string) => string;
}) {
  const [picked, setPicked] = useState<number | undefined>(undefined);
  const versions = item.versions;
  const shown = versions.find((v) => v.version === picked) ?? versions.at(-1);
  if (!shown) return <Empty>No version has been written yet.</Empty>;
  // Only an agent's version was given sources; an edit by hand keeps the text, not the run's list.
  const sources = shown.source.kind === "agent" ? shown.source.sources : undefined;
  return (
    <div className="stack">
      <div className="row">
        <SelectField
          label="Version"
          options={[...versions].reverse().map((v) => ({
            value: String(v.version),
            label: `Version ${v.version}${v.version === item.latestVersion ? " (latest)" : ""} · ${formatDateTime(v.createdAt)}`,
          }))}
          value={String(shown.version)}
          onChange={(event) => setPicked(Number(event.target.value))}
        />
      </div>
      <p className="muted">
        Version {shown.version}: {sourceText(shown.source)}, {formatDateTime(shown.createdAt)}.
      </p>
      {shown.feedback ? (
        <Alert tone="info">
          <strong>This revision answers the feedback:</strong>
          <span className="prewrap"> {shown.feedback}</span>
        </Alert>
      ) : null}
      <ContentBody type={item.type} body={shown.body} citations={sources?.map((s) => s.label) ?? []} />
      {sources ? (
        <section className="stack">
          <h3>Sources ({sources.length})</h3>
          <SourcesList sources={sources} {...(documentLink ? { documentLink } : {})} />
        </section>
      ) : null}
      <section className="stack" aria-label="Findings">
        <h3>Pre-review findings{shown.findings.length ? ` (${shown.findings.length})` : ""}</h3>
        <FindingsList findings={shown.findings} />
      </section>
    </div>
  );
}

/** The item's history: each version, who wrote it and when, newest first. */
export function VersionHistory({ item }: { item: ContentDetail }) {
  return (
    <ol className="history" reversed>
      {[...item.versions].reverse().map((v) => (
        <li key={v.version}>
          <strong>Version {v.version}</strong> — {sourceText(v.source)},{" "}
          <time dateTime={v.createdAt}>{formatDateTime(v.createdAt)}</time>
          {v.feedback ? <span className="muted"> (a revision after feedback)</span> : null}
        </li>
      ))}
      <li>
        Created by the {humanize(item.role)} agent,{" "}
        <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
      </li>
    </ol>
  );
}
