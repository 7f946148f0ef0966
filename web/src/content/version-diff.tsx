/**
 * What changed between two versions, field by field. Added and removed lines are `<ins>`/`<del>`
 * with a +/− sign and a spoken "Added"/"Removed", so the change reads without its colour. Until the
 * person picks a pair, the latest version is compared with the one before it, and a revision that
 * arrives moves the comparison along with it.
 */

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ContentDiff } from "#shared/contracts/content-views";
import { SelectField } from "../ui/controls.tsx";
import { Badge, Empty, QueryView } from "../ui/feedback.tsx";
import { fieldLabel } from "./body-fields.ts";
import { type DiffRow, defaultPair, describeTotals, diffTotals, foldUnchanged } from "./diff-groups.ts";

export interface VersionDiffProps {
  /** The item's latest version number (versions run 1…latest). */
  latest: number;
  /** The query key the diffs are cached under; it starts with "content" so updates refresh it. */
  queryKey: readonly unknown[];
  load: (from: number, to: number) => Promise<ContentDiff>;
}

export function VersionDiff({ latest, queryKey, load }: VersionDiffProps) {
  const [chosen, setChosen] = useState<{ from: number; to: number } | undefined>(undefined);
  const pair = chosen ?? defaultPair(latest);
  const query = useQuery({
    queryKey: [...queryKey, "diff", pair?.from, pair?.to],
    queryFn: () => load(pair?.from ?? 1, pair?.to ?? 1),
    enabled: pair !== undefined,
  });
  if (pair === undefined) return <Empty>Only one version so far: there is nothing to compare yet.</Empty>;
  const options = Array.from({ length: latest }, (_, i) => ({
    value: String(i + 1),
    label: i + 1 === latest ? `Version ${i + 1} (latest)` : `Version ${i + 1}`,
  }));
  return (
    <div className="stack">
      <div className="row">
        <SelectField
          label="Compare version"
          options={options}
          value={String(pair.from)}
          onChange={(event) => setChosen({ ...pair, from: Number(event.target.value) })}
        />
        <SelectField
          label="with version"
          options={options}
          value={String(pair.to)}
          onChange={(event) => setChosen({ ...pair, to: Number(event.target.value) })}
        />
      </div>
      <QueryView query={query} label="Comparing versions">
        {(diff) => <DiffFields diff={diff} />}
      </QueryView>
    </div>
  );
}

function DiffFields({ diff }: { diff: ContentDiff }) {
  if (diff.from === diff.to) return <Empty>Pick two different versions to compare.</Empty>;
  const totals = diffTotals(diff.fields);
  return (
    <div className="stack" data-testid="version-diff">
      <p>
        From version {diff.from} to version {diff.to}: {describeTotals(totals)}.
      </p>
      {diff.fields.map((field) => (
        <section key={field.path} className="stack" aria-label={`Changes in ${fieldLabel(field.path)}`}>
          <h3 className="row">
            {fieldLabel(field.path)}
            {field.change === "changed" ? null : (
              <Badge tone={field.change === "added" ? "success" : "danger"}>
                {field.change === "added" ? "New field" : "Field removed"}
              </Badge>
            )}
          </h3>
          <div className="diff">
            {foldUnchanged(field.lines).map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows of a fixed diff
              <DiffRowView key={i} row={row} />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}

function DiffRowView({ row }: { row: DiffRow }) {
  if (row.kind === "skip") {
    return (
      <div className="muted">
        ⋯ {row.count} unchanged line{row.count === 1 ? "" : "s"}
      </div>
    );
  }
  if (row.op === "add") {
    return (
      <div>
        <ins className="added">
          <span aria-hidden="true">+ </span>
          <span className="visually-hidden">Added: </span>
          {row.text}
        </ins>
      </div>
    );
  }
  if (row.op === "remove") {
    return (
      <div>
        <del className="removed">
          <span aria-hidden="true">− </span>
          <span className="visually-hidden">Removed: </span>
          {row.text}
        </del>
      </div>
    );
  }
  return (
    <div>
      <span aria-hidden="true">{"  "}</span>
      {row.text}
    </div>
  );
}
