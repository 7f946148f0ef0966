import type { $ZodIssue } from "zod/v4/core";
import type { FieldProblem } from "./errors.ts";

/**
 * The problems a schema found in a client's input, as every `ValidationError` tells them: each by the
 * path of the client's own field (under `prefix` when the input sits inside a body, as an agent's
 * `input` does), in plain words (`wordingOf`). An unknown key is a problem of its own path.
 */
export function schemaProblems(
  where: FieldProblem["in"],
  issues: readonly $ZodIssue[],
  input: unknown,
  prefix: readonly string[] = [],
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        problems.push({
          in: where,
          path: pathOf([...prefix, ...issue.path, key]),
          message: wordingOf(issue, true),
        });
    } else {
      const path = pathOf([...prefix, ...issue.path]);
      problems.push({
        in: where,
        path: path || "(root)",
        message: wordingOf(issue, isPresent(input, issue.path)),
      });
    }
  }
  return problems;
}

/** Longest path a problem names: the keys are the client's own, echoed back, so a huge one is cut. */
const MAX_PATH_CHARS = 200;

/** A path as the client would write it (`input.keywords.0`), cut at `MAX_PATH_CHARS`. */
export function pathOf(segments: readonly PropertyKey[]): string {
  const path = segments.map(String).join(".");
  return path.length > MAX_PATH_CHARS ? `${path.slice(0, MAX_PATH_CHARS - 1)}…` : path;
}

/** Whether the client sent a value at `path` (a missing field and a wrong-typed one are told apart). */
function isPresent(input: unknown, path: readonly PropertyKey[]): boolean {
  let at: unknown = input;
  for (const segment of path) {
    if (at === null || typeof at !== "object" || !Object.hasOwn(at, segment)) return false;
    at = (at as Record<PropertyKey, unknown>)[segment];
  }
  return at !== undefined;
}

/**
 * What the API says of one schema problem: plain words built from the issue's code and limits, the
 * same in every stage. zod's own messages are not passed on: they quote patterns ("must match pattern
 * /^[0-9A-HJKMNP-TV-Z]{26}$/") and type names ("received undefined") that mean nothing to a person
 * filling in a form. A message written for people (a check's or refinement's `error`) is kept as written:
 * zod/mini, loading no locale, words every issue it raises itself "Invalid input", so any other
 * message is the schema author's.
 *
 * `present` says whether the client sent a value at the issue's path: a missing field is "Required",
 * a field of the wrong type says what it must be.
 */
export function wordingOf(issue: $ZodIssue, present: boolean): string {
  if (issue.message && issue.message !== ZOD_MINI_DEFAULT) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return present ? mustBeType(issue.expected) : "Required";
    case "too_big":
      return tooBig(issue.origin, issue.maximum, issue.inclusive !== false, issue.exact === true);
    case "too_small":
      return tooSmall(issue.origin, issue.minimum, issue.inclusive !== false, issue.exact === true);
    case "invalid_format":
      return format(issue);
    case "not_multiple_of":
      return `Must be a multiple of ${issue.divisor}`;
    case "unrecognized_keys":
      return "Unknown field";
    case "invalid_union":
      // A tagged union's tag that is none of its options: zod names the tag's own path.
      return "options" in issue && issue.options
        ? `Must be ${oneOf(issue.options)}`
        : "Does not match any accepted form";
    case "invalid_key":
      return "Has a key that is not allowed";
    case "invalid_element":
      return "Has an item that is not allowed";
    case "invalid_value":
      return `Must be ${oneOf(issue.values)}`;
    default:
      return "Is not valid";
  }
}

/** What zod/mini says of every issue when the schema gives no words of its own. */
const ZOD_MINI_DEFAULT = "Invalid input";

/** The types a JSON body, a query or a path can carry (the contracts coerce no dates, sets or maps). */
const TYPE_WORDS: Record<string, string> = {
  string: "Must be text",
  number: "Must be a number",
  int: "Must be a whole number",
  boolean: "Must be true or false",
  array: "Must be a list",
  tuple: "Must be a list",
  object: "Must be an object",
  record: "Must be an object",
  null: "Must be null",
  undefined: "Not allowed here",
  never: "Not allowed here",
  nonoptional: "Required",
};

function mustBeType(expected: string): string {
  return TYPE_WORDS[expected] ?? "Has the wrong type";
}

/** What a length counts, by the bounded value's kind; a number's bound has no unit. */
const UNITS: Record<string, [one: string, many: string]> = {
  string: ["character", "characters"],
  array: ["item", "items"],
};

function counted(origin: string, bound: number | bigint): string {
  const unit = UNITS[origin];
  if (!unit) return String(bound);
  return `${bound} ${Number(bound) === 1 ? unit[0] : unit[1]}`;
}

function tooBig(origin: string, maximum: number | bigint, inclusive: boolean, exact: boolean): string {
  if (exact) return `Must be exactly ${counted(origin, maximum)}`;
  if (UNITS[origin])
    return inclusive
      ? `Must be at most ${counted(origin, maximum)}`
      : `Must be fewer than ${counted(origin, maximum)}`;
  return inclusive ? `Must be at most ${maximum}` : `Must be less than ${maximum}`;
}

function tooSmall(origin: string, minimum: number | bigint, inclusive: boolean, exact: boolean): string {
  if (exact) return `Must be exactly ${counted(origin, minimum)}`;
  if (UNITS[origin]) {
    if (inclusive && Number(minimum) === 1) return "Must not be empty";
    return inclusive
      ? `Must be at least ${counted(origin, minimum)}`
      : `Must be more than ${counted(origin, minimum)}`;
  }
  return inclusive ? `Must be at least ${minimum}` : `Must be greater than ${minimum}`;
}

/** The formats the contracts use; any other is "not in the expected format". */
const FORMAT_WORDS: Record<string, string> = {
  email: "Must be an e-mail address",
  url: "Must be a URL",
  datetime: "Must be a date and time (ISO 8601, e.g. 2026-01-31T09:30:00Z)",
  date: "Must be a date (YYYY-MM-DD)",
};

function format(issue: Extract<$ZodIssue, { code: "invalid_format" }>): string {
  if ("prefix" in issue && typeof issue.prefix === "string") return `Must start with "${issue.prefix}"`;
  if ("suffix" in issue && typeof issue.suffix === "string") return `Must end with "${issue.suffix}"`;
  if ("includes" in issue && typeof issue.includes === "string") return `Must contain "${issue.includes}"`;
  return FORMAT_WORDS[issue.format] ?? "Is not in the expected format";
}

/** At most this many allowed values are listed; a longer list is cut, saying how many more there are. */
const LISTED_VALUES = 12;

function oneOf(values: readonly unknown[]): string {
  const shown = values.slice(0, LISTED_VALUES).map((value) => JSON.stringify(value) ?? String(value));
  const more = values.length - shown.length;
  const list = more > 0 ? `${shown.join(", ")} (or ${more} more)` : shown.join(", ");
  return values.length === 1 ? list : `one of ${list}`;
}
