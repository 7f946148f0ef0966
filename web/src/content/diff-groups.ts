/**
 * A field's line diff arranged for reading: runs of unchanged lines far from any change fold into
 * one "n unchanged lines" marker, so a long article with one edited paragraph shows that paragraph
 * with a little context rather than the whole article.
 */
import type { ContentDiff } from "#shared/contracts/content-views";

export type DiffLineView = ContentDiff["fields"][number]["lines"][number];

export type DiffRow =
  | { kind: "line"; op: DiffLineView["op"]; text: string }
  | { kind: "skip"; count: number };

/**
 * The rows to show: every added or removed line, `context` unchanged lines on each side of them,
 * and one skip row for each longer run of unchanged lines.
 */
export function foldUnchanged(lines: readonly DiffLineView[], context = 2): DiffRow[] {
  const near = new Array<boolean>(lines.length).fill(false);
  lines.forEach((line, i) => {
    if (line.op === "equal") return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) near[j] = true;
  });
  const rows: DiffRow[] = [];
  let skipped = 0;
  lines.forEach((line, i) => {
    if (line.op === "equal" && !near[i]) {
      skipped++;
      return;
    }
    if (skipped > 0) rows.push({ kind: "skip", count: skipped });
    skipped = 0;
    rows.push({ kind: "line", op: line.op, text: line.text });
  });
  if (skipped > 0) rows.push({ kind: "skip", count: skipped });
  return rows;
}

/** Lines added and removed across every field of a diff. */
export function diffTotals(fields: ContentDiff["fields"]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const field of fields) {
    for (const line of field.lines) {
      if (line.op === "add") added++;
      if (line.op === "remove") removed++;
    }
  }
  return { added, removed };
}

/** "3 lines added, 1 removed" — or "No text changed" when the versions' texts are the same. */
export function describeTotals(totals: { added: number; removed: number }): string {
  if (totals.added === 0 && totals.removed === 0) return "No text changed";
  const lines = (n: number) => `${n} line${n === 1 ? "" : "s"}`;
  return `${lines(totals.added)} added, ${totals.removed} removed`;
}

/** The pair of versions to compare first: the one before the latest, and the latest. */
export function defaultPair(latest: number): { from: number; to: number } | undefined {
  return latest < 2 ? undefined : { from: latest - 1, to: latest };
}
