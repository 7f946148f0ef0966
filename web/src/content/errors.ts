/**
 * The failures the content screens treat specially: an item that is not there (or not the caller's:
 * the API answers both with 404, so neither leaks), a decision made on a version that is no longer
 * the latest (409 CONTENT.MOVED), and field errors of a nested body, by their full path.
 */
import { ApiError, withItsPath } from "../api/errors.ts";

/** Unknown, another tenant's, or an id that cannot be one (refused as a malformed path). */
export function isNotFound(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === 404 || (error.status === 400 && error.fields.some((f) => f.path === "contentId"));
}

/** Someone acted on the item, or a new version arrived, since it was read. */
export function isContentMoved(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.code === "CONTENT.MOVED";
}

export interface PathErrors {
  /** By path below `prefix` (`posts.0.text` for `body.posts.0.text`). */
  byPath: Record<string, string>;
  /** Messages about nothing below `prefix` (or with no path at all). */
  other: string[];
}

/** A validation failure's messages, the ones under `prefix` (`body`) by their path below it. */
export function errorsUnder(error: unknown, prefix: string): PathErrors {
  const result: PathErrors = { byPath: {}, other: [] };
  if (!(error instanceof ApiError)) return result;
  const start = `${prefix}.`;
  for (const field of error.fields) {
    const below = field.path?.startsWith(start) ? field.path.slice(start.length) : undefined;
    if (below !== undefined && !(below in result.byPath)) result.byPath[below] = field.message;
    else if (below === undefined) result.other.push(withItsPath(field));
  }
  return result;
}
