/**
 * EventBridge event patterns, as the EventBridge user guide describes them ("Event patterns",
 * "Comparison operators for use in event patterns", "Arrays in event patterns", "Matching null
 * values and empty strings") and as Event Ruler (github.com/aws/event-ruler, the matching library
 * EventBridge is built on) implements them where the guide is silent. Validation errors carry the
 * reason Event Ruler's `JsonRuleCompiler` gives, in EventBridge's wording:
 * `InvalidEventPatternException: Event pattern is not valid. Reason: <reason>`.
 *
 * This file reads a pattern's structure (objects, arrays of values, `$or`, which operator) into the
 * compiled form that `event-pattern-match.ts` matches events against; `event-pattern-operators.ts`
 * validates each operator's argument and makes it a test of a leaf value.
 *
 * Matching rules (guide, unless marked "Ruler"):
 * - A pattern has the event's nesting; every field it names must be in the event; fields it does not
 *   name are ignored ("*": "*"). Fields are ANDed, the values of one field's array are ORed.
 * - Exact values follow JSON: strings match character by character (no case folding), `null` matches
 *   only null and `""` only the empty string (they are not interchangeable), booleans only booleans.
 *   Numbers: the guide says 300, 300.0 and 3.0e2 are compared as written and differ; Ruler also adds a
 *   numeric-equality matcher for a number in a pattern. Here events arrive through `JSON.parse`, which
 *   keeps no spelling, so numbers compare by value (see docs/architecture.md).
 * - An event array matches if any element matches ("Arrays in event patterns"); arrays of arrays are
 *   flattened, and fields of one pattern object must all come from the same array element (Ruler's
 *   array-consistent matching, `rulesForJSONEvent`).
 * - Comparison operators apply to leaf values only (not objects), except `$or` and `anything-but`.
 *   A field whose value is an object, or an empty array, has no leaf value: only `exists: false`
 *   matches it (guide: "c-count isn't a leaf node").
 * - `prefix`, `suffix`, `equals-ignore-case` and `wildcard` (and their `{ "equals-ignore-case": … }`
 *   forms) match strings only; `{ "prefix": "" }` matches every string, never a number or null.
 * - `anything-but` matches any leaf value except those given: a string, a number, a list of strings
 *   or of numbers (not mixed), or `{ prefix | suffix | equals-ignore-case | wildcard }` (one value or
 *   a list). A value of another type is "anything but" the list, so `{"anything-but": "a"}` matches
 *   null, `true` and 5 (Ruler). It does not match a missing field: only `exists: false` does.
 * - `numeric` matches JSON numbers only (the string "5" is not a number): `["=", n]`, `[">", n]`,
 *   `[">=", n]`, `["<", n]`, `["<=", n]`, or a range `[">"|">=", low, "<"|"<=", high]` with low < high.
 * - `exists: true` matches a field with a leaf value (null included); `exists: false` a field that is
 *   absent (or has no leaf value).
 * - `cidr` matches an IPv4 or IPv6 address string within the block (Ruler: IPv4 mask bits < 32,
 *   IPv6 < 128). An exact-match string that is an IP address matches any spelling of that address.
 * - `wildcard`: `*` matches any run of characters; `\*` is a literal asterisk, `\\` a backslash;
 *   consecutive `**` and any other escape are invalid.
 * - `$or`: an array of at least two pattern objects, at any level; the event matches if it matches
 *   the rest of the object and at least one of them. Inside `$or`, operator names are not allowed as
 *   field names (Ruler's reserved names).
 */
import { invalidPattern as barf } from "./event-pattern-error.ts";
import {
  type Condition,
  isPlainObject,
  type Leaf,
  matchObject,
  type ObjectNode,
} from "./event-pattern-match.ts";
import {
  anythingBut,
  cidr,
  equalsIgnoreCase,
  exactString,
  ignoreCaseArgument,
  numericRange,
  wildcard,
} from "./event-pattern-operators.ts";

/** Throws `InvalidEventPatternException` (with Event Ruler's reason) unless `pattern` is a valid pattern. */
export function validateEventPattern(pattern: unknown): void {
  compileEventPattern(pattern);
}

/** Whether `event` matches `pattern`; throws `InvalidEventPatternException` for an invalid pattern. */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  return compileEventPattern(pattern)(event);
}

/** Validates `pattern` once and answers a matcher for events. */
export function compileEventPattern(pattern: unknown): (event: unknown) => boolean {
  if (!isPlainObject(pattern)) barf("Filter is not an object");
  const root = compileObject(pattern, false);
  return (event) => matchObject(root, event);
}

// Ruler's Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP.
const RESERVED_IN_OR = new Set([
  "exactly",
  "equals-ignore-case",
  "prefix",
  "suffix",
  "anything-but",
  "exists",
  "wildcard",
  "numeric",
  "cidr",
  "=",
  "<",
  "<=",
  ">",
  ">=",
  "regex",
  "not-wildcard",
  "not-equals-ignore-case",
  "date-after",
  "date-on-or-after",
  "date-before",
  "date-on-or-before",
  "in-date-range",
  "ip-address-in-range",
  "ip-address-not-in-range",
]);
function compileObject(pattern: Record<string, unknown>, insideOr: boolean): ObjectNode {
  const node: ObjectNode = { fields: [], ors: [] };
  const keys = Object.keys(pattern);
  if (keys.length === 0) barf("Empty objects are not allowed");
  for (const key of keys) {
    const value = pattern[key];
    if (key === "$or") {
      if (!Array.isArray(value)) barf("It must be an Array followed with $or.");
      const branches = value.map((branch) => {
        if (!isPlainObject(branch)) barf("Only JSON object is allowed in array of $or relationship.");
        return compileObject(branch, true);
      });
      if (branches.length < 2) barf("There must have at least 2 Objects in $or relationship.");
      node.ors.push(branches);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(key)) {
      barf(`${key} is Ruler reserved fieldName which cannot be used inside $or.`);
    }
    if (Array.isArray(value)) node.fields.push({ key, leaf: compileValues(value) });
    else if (isPlainObject(value)) node.fields.push({ key, object: compileObject(value, insideOr) });
    else barf(`"${key}" must be an object or an array`);
  }
  return node;
}

function compileValues(values: readonly unknown[]): Condition[] {
  if (values.length === 0) barf("Empty arrays are not allowed");
  return values.map((value): Condition => {
    if (typeof value === "string") return { kind: "value", test: exactString(value) };
    if (typeof value === "number") return { kind: "value", test: (leaf) => leaf === value };
    if (value === null || typeof value === "boolean")
      return { kind: "value", test: (leaf) => leaf === value };
    if (isPlainObject(value)) return compileExpression(value);
    return barf("Match value must be String, number, true, false, or null");
  });
}

/** One `{ operator: … }` of a field's array. */
function compileExpression(expression: Record<string, unknown>): Condition {
  const [operator, ...others] = Object.keys(expression);
  if (operator === undefined) barf("Match expression name not found");
  const argument = expression[operator];
  const onlyOneKey = () => {
    if (others.length > 0) barf("Only one key allowed in match expression");
  };
  const value = (test: (leaf: Leaf) => boolean): Condition => ({ kind: "value", test });
  switch (operator) {
    case "prefix":
    case "suffix": {
      let test: (leaf: Leaf) => boolean;
      if (isPlainObject(argument)) {
        const text = ignoreCaseArgument(argument, operator);
        test = (leaf) =>
          typeof leaf === "string" &&
          leaf.length >= text.length &&
          equalsIgnoreCase(
            operator === "prefix" ? leaf.slice(0, text.length) : leaf.slice(leaf.length - text.length),
            text,
          );
      } else {
        if (typeof argument !== "string") barf(`${operator} match pattern must be a string`);
        test =
          operator === "prefix"
            ? (leaf) => typeof leaf === "string" && leaf.startsWith(argument)
            : (leaf) => typeof leaf === "string" && leaf.endsWith(argument);
      }
      onlyOneKey();
      return value(test);
    }
    case "equals-ignore-case": {
      if (typeof argument !== "string") barf("equals-ignore-case match pattern must be a string");
      onlyOneKey();
      return value((leaf) => typeof leaf === "string" && equalsIgnoreCase(leaf, argument));
    }
    case "wildcard": {
      if (typeof argument !== "string") barf("wildcard match pattern must be a string");
      const matches = wildcard(argument);
      onlyOneKey();
      return value((leaf) => typeof leaf === "string" && matches(leaf));
    }
    case "numeric": {
      if (!Array.isArray(argument)) barf("Value of numeric must be an array.");
      const inRange = numericRange(argument);
      if (others.length > 0) barf("Too many elements in numeric expression");
      return value((leaf) => typeof leaf === "number" && inRange(leaf));
    }
    case "anything-but": {
      const excluded = anythingBut(argument);
      if (others.length > 0) barf("Too many elements in numeric expression");
      return value((leaf) => !excluded(leaf));
    }
    case "exists": {
      if (typeof argument !== "boolean") barf("exists match pattern must be either true or false.");
      onlyOneKey();
      return { kind: "exists", present: argument };
    }
    case "cidr": {
      // Ruler's message, sic.
      if (typeof argument !== "string") barf("prefix match pattern must be a string");
      const inBlock = cidr(argument);
      onlyOneKey();
      return value((leaf) => typeof leaf === "string" && inBlock(leaf));
    }
    default:
      return barf(`Unrecognized match type ${operator}`);
  }
}
