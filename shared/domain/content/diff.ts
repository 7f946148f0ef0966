/**
 * What changed between two versions of an item: for every text field (by path) that differs, a line
 * diff — the longest common subsequence of lines, so unchanged lines are shown as such and only the
 * edits are marked.
 */
import { textFields } from "./content.ts";

export const DIFF_OPS = ["equal", "add", "remove"] as const;
/** `added`/`removed`: the field exists on one side only. */
export const FIELD_CHANGES = ["changed", "added", "removed"] as const;

export interface DiffLine {
  op: (typeof DIFF_OPS)[number];
  text: string;
}

export interface FieldDiff {
  path: string;
  change: (typeof FIELD_CHANGES)[number];
  lines: DiffLine[];
}

/** Lines beyond which a field is compared whole (the table is quadratic). */
const MAX_LINES = 2_000;

/** The fields that differ between `from` and `to`, in `to`'s order (then the removed ones). */
export function diffBodies(from: unknown, to: unknown): FieldDiff[] {
  const before = new Map(textFields(from).map((f) => [f.path, f.text]));
  const after = textFields(to);
  const diffs: FieldDiff[] = [];
  for (const { path, text } of after) {
    const old = before.get(path);
    before.delete(path);
    if (old === text) continue;
    diffs.push(
      old === undefined
        ? { path, change: "added", lines: lines(text).map((t) => ({ op: "add", text: t })) }
        : { path, change: "changed", lines: diffLines(lines(old), lines(text)) },
    );
  }
  for (const [path, text] of before) {
    diffs.push({ path, change: "removed", lines: lines(text).map((t) => ({ op: "remove", text: t })) });
  }
  return diffs;
}

function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** A line diff of `a` → `b` by the longest common subsequence. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  if (a.length > MAX_LINES || b.length > MAX_LINES) {
    return [
      ...a.map((text) => ({ op: "remove" as const, text })),
      ...b.map((text) => ({ op: "add" as const, text })),
    ];
  }
  // lcs[i * width + j]: the longest common subsequence of a[i..] and b[j..].
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  const at = (i: number, j: number) => lcs[i * width + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const left = a[i];
    const right = b[j];
    if (left !== undefined && left === right) {
      out.push({ op: "equal", text: left });
      i++;
      j++;
    } else if (left !== undefined && (right === undefined || at(i + 1, j) >= at(i, j + 1))) {
      out.push({ op: "remove", text: left });
      i++;
    } else if (right !== undefined) {
      out.push({ op: "add", text: right });
      j++;
    }
  }
  return out;
}
