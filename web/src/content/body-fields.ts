/**
 * A version's body is its agent's output, whose shape is per content type and typed `unknown` on the
 * wire. These read it generically: its text fields by path (the same paths the diff, the findings and
 * the server's field errors use, `posts.0.text`), a label a person can read for each path, and a
 * copy of the body with one text field replaced, for writing a version by hand.
 */
import { humanize } from "../ui/format.ts";

export interface TextLeaf {
  /** Dot-separated: `article`, `posts.0.text`, `faq.1.answer`. */
  path: string;
  text: string;
}

/** Every string in the body, depth first, in the body's own order. */
export function textLeaves(body: unknown, path: readonly string[] = []): TextLeaf[] {
  if (typeof body === "string") return [{ path: path.join("."), text: body }];
  if (Array.isArray(body)) return body.flatMap((value, i) => textLeaves(value, [...path, String(i)]));
  if (isRecord(body))
    return Object.entries(body).flatMap(([key, value]) => textLeaves(value, [...path, key]));
  return [];
}

/** A copy of `body` whose string at `path` is `text` (the rest shared, untouched). */
export function withText(body: unknown, path: string, text: string): unknown {
  return replaceAt(body, path === "" ? [] : path.split("."), text);
}

function replaceAt(node: unknown, path: readonly string[], text: string): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return typeof node === "string" ? text : node;
  if (Array.isArray(node)) {
    const index = Number(head);
    if (!Number.isInteger(index) || index < 0 || index >= node.length) return node;
    return node.map((value, i) => (i === index ? replaceAt(value, rest, text) : value));
  }
  if (isRecord(node) && Object.hasOwn(node, head)) {
    return { ...node, [head]: replaceAt(node[head], rest, text) };
  }
  return node;
}

/** `posts.0.text` → "Posts 1 · Text"; `metaDescription` → "Meta description"; `` → "Text". */
export function fieldLabel(path: string): string {
  if (path === "") return "Text";
  return path
    .split(".")
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : humanize(splitCamel(part))))
    .join(" ")
    .replace(/ (\d+)/g, " $1 ·")
    .replace(/ ·$/, "");
}

/** `metaDescription` → `meta description`. */
export function splitCamel(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

/** Whether a text is long enough to be edited in a text area rather than a one-line field. */
export function isLongText(text: string): boolean {
  return text.length > 120 || text.includes("\n");
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
