/**
 * EventBridge event patterns, as the EventBridge user guide describes them ("Event patterns",
 * "Comparison operators for use in event patterns", "Arrays in event patterns", "Matching null
 * values and empty strings") and as Event Ruler (github.com/aws/event-ruler, the matching library
 * EventBridge is built on) implements them where the guide is silent. Validation errors carry the
 * reason Event Ruler's `JsonRuleCompiler` gives, in EventBridge's wording:
 * `InvalidEventPatternException: Event pattern is not valid. Reason: <reason>`.
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
import { BlockList, isIP } from "node:net";

/** The error PutRule answers for a malformed pattern. */
export class InvalidEventPatternException extends Error {
  override readonly name = "InvalidEventPatternException";
  constructor(readonly reason: string) {
    super(`Event pattern is not valid. Reason: ${reason}`);
  }
}

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

// ── compiled form ────────────────────────────────────────────────────────────────────────────────

/** A leaf value of an event: what comparison operators see. */
type Leaf = string | number | boolean | null;

type Condition = { kind: "value"; test: (leaf: Leaf) => boolean } | { kind: "exists"; present: boolean };

type Field = { key: string; leaf: Condition[] } | { key: string; object: ObjectNode };

interface ObjectNode {
  fields: Field[];
  /** Each `$or` of this object: the event must match one of its branches. */
  ors: ObjectNode[][];
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

function barf(reason: string): never {
  throw new InvalidEventPatternException(reason);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

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

/** `{ "equals-ignore-case": "…" }` inside `prefix` or `suffix`. */
function ignoreCaseArgument(argument: Record<string, unknown>, operator: "prefix" | "suffix"): string {
  const name = operator === "prefix" ? "Prefix" : "Suffix";
  const [key, ...others] = Object.keys(argument);
  if (key === undefined) barf(`${name} expression name not found`);
  if (key !== "equals-ignore-case") barf(`Unsupported ${operator} pattern: ${key}`);
  const text = argument[key];
  if (typeof text !== "string") barf("equals-ignore-case match pattern must be a string");
  if (others.length > 0) barf("Only one key allowed in match expression");
  return text;
}

/** The values an `anything-but` excludes, as a test. */
function anythingBut(argument: unknown): (leaf: Leaf) => boolean {
  if (isPlainObject(argument)) {
    const [kind, ...others] = Object.keys(argument);
    if (kind === undefined) barf("Anything-But expression name not found");
    if (!["equals-ignore-case", "prefix", "suffix", "wildcard"].includes(kind)) {
      barf(`Unsupported anything-but pattern: ${kind}`);
    }
    const inner = argument[kind];
    if (!Array.isArray(inner) && typeof inner !== "string" && typeof inner !== "number") {
      barf("Value of anything-but must be an array or single string/number value.");
    }
    const texts = (Array.isArray(inner) ? inner : [inner]).map((text) => {
      if (typeof text !== "string") {
        if (kind === "equals-ignore-case") {
          barf("Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.");
        }
        if (kind === "wildcard") barf("wildcard match pattern must be a string");
        barf("prefix/suffix match pattern must be a string");
      }
      if ((kind === "prefix" || kind === "suffix") && text === "") barf("Null prefix/suffix not allowed");
      return text;
    });
    if (others.length > 0) barf("Too many elements in numeric expression");
    switch (kind) {
      case "prefix":
        return (leaf) => typeof leaf === "string" && texts.some((t) => leaf.startsWith(t));
      case "suffix":
        return (leaf) => typeof leaf === "string" && texts.some((t) => leaf.endsWith(t));
      case "equals-ignore-case":
        return (leaf) => typeof leaf === "string" && texts.some((t) => equalsIgnoreCase(leaf, t));
      default: {
        const patterns = texts.map(wildcard);
        return (leaf) => typeof leaf === "string" && patterns.some((matches) => matches(leaf));
      }
    }
  }
  if (typeof argument === "string") return (leaf) => leaf === argument;
  if (typeof argument === "number") return (leaf) => leaf === argument;
  if (!Array.isArray(argument)) {
    barf("Value of anything-but must be an array or single string/number value.");
  }
  for (const item of argument) {
    if (typeof item !== "string" && typeof item !== "number") {
      barf("Inside anything but list, start|null|boolean is not supported.");
    }
  }
  const strings = argument.every((item) => typeof item === "string");
  const numbers = argument.every((item) => typeof item === "number");
  if (argument.length === 0 || (!strings && !numbers)) {
    barf("Inside anything but list, either all values are number or string, mixed type is not supported");
  }
  const set = new Set<unknown>(argument);
  return (leaf) => set.has(leaf);
}

/** Ruler's numeric expression grammar (`processNumericMatchExpression`). */
function numericRange(terms: readonly unknown[]): (n: number) => boolean {
  const show = (term: unknown) => (term === undefined ? "]" : JSON.stringify(term));
  const [operator, first, ...rest] = terms;
  if (typeof operator !== "string") barf(`Invalid member in numeric match: ${show(operator)}`);
  if (!["=", "<", "<=", ">", ">="].includes(operator)) {
    barf(`Unrecognized numeric range operator: ${operator}`);
  }
  if (typeof first !== "number") barf(`Value of ${operator === "=" ? "equals" : operator} must be numeric`);
  const bound = first;
  switch (operator) {
    case "=":
    case "<":
    case "<=": {
      if (rest.length > 0) barf("Too many elements in numeric expression");
      if (operator === "=") return (n) => n === bound;
      return operator === "<" ? (n) => n < bound : (n) => n <= bound;
    }
    default: {
      const low = operator === ">" ? (n: number) => n > bound : (n: number) => n >= bound;
      if (rest.length === 0) return low;
      const [topOperator, top, ...more] = rest;
      if (typeof topOperator !== "string") barf(`Bad value in numeric range: ${show(topOperator)}`);
      if (topOperator !== "<" && topOperator !== "<=") barf(`Bad numeric range operator: ${topOperator}`);
      if (typeof top !== "number") barf(`Value of ${topOperator} must be numeric`);
      if (more.length > 0) barf("Too many terms in numeric range expression");
      if (!(bound < top)) barf("Bottom must be less than top");
      const high = topOperator === "<" ? (n: number) => n < top : (n: number) => n <= top;
      return (n) => low(n) && high(n);
    }
  }
}

/**
 * A wildcard pattern (Ruler's `WildcardParser`). Ruler parses the value in quotes, so an error's
 * position counts the opening quote and UTF-8 bytes.
 */
function wildcard(text: string): (value: string) => boolean {
  const bytes = Buffer.from(`"${text}"`, "utf8");
  const star = 0x2a;
  const backslash = 0x5c;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === star && bytes[i + 1] === star) barf(`Consecutive wildcard characters at pos ${i}`);
    if (bytes[i] === backslash) {
      if (bytes[i + 1] === star || bytes[i + 1] === backslash) i++;
      else barf(`Invalid escape character at pos ${i}`);
    }
  }
  let source = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === "\\") {
      source += escapeRegExp(text.charAt(i + 1));
      i++;
    } else if (c === "*") source += "[\\s\\S]*";
    else source += escapeRegExp(c);
  }
  const regex = new RegExp(`^${source}$`, "u");
  return (value) => regex.test(value);
}

function escapeRegExp(text: string): string {
  // Syntax characters only: Unicode-mode patterns refuse any other escape (`\-` included).
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Ruler's `CIDR.cidr`: the messages, and its limits (IPv4 mask < 32, IPv6 < 128). */
function cidr(block: string): (address: string) => boolean {
  const parts = block.split("/");
  if (parts.length !== 2) barf("Malformed CIDR, one '/' required");
  const [ip = "", bitsText = ""] = parts;
  if (!/^-?\d+$/.test(bitsText)) barf("Malformed CIDR, mask bits must be an integer");
  const bits = Number(bitsText);
  if (bits < 0) barf("Malformed CIDR, mask bits must not be negative");
  const family = isIP(ip);
  if (family === 0) barf(`Invalid IP address: ${ip}`);
  if (family === 4 && bits > 31) barf("IPv4 mask bits must be < 32");
  if (family === 6 && bits > 127) barf("IPv6 mask bits must be < 128");
  const list = new BlockList();
  const type = family === 4 ? "ipv4" : "ipv6";
  list.addSubnet(ip, bits, type);
  return (address) => isIP(address) === family && list.check(address, type);
}

/** An exact string; one that is an IP address matches every spelling of that address (Ruler). */
function exactString(text: string): (leaf: Leaf) => boolean {
  const family = isIP(text);
  if (family === 0) return (leaf) => leaf === text;
  const list = new BlockList();
  const type = family === 4 ? "ipv4" : "ipv6";
  list.addAddress(text, type);
  return (leaf) =>
    leaf === text || (typeof leaf === "string" && isIP(leaf) === family && list.check(leaf, type));
}

function equalsIgnoreCase(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase() || a.toUpperCase() === b.toUpperCase();
}

// ── matching ─────────────────────────────────────────────────────────────────────────────────────

/** Arrays of arrays are flattened: their elements are the values. */
function flatten(values: readonly unknown[]): unknown[] {
  return values.flatMap((v) => (Array.isArray(v) ? flatten(v) : [v]));
}

/** The leaf values of a field: none when absent, an object, or an empty array. */
function leavesOf(value: unknown): Leaf[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? flatten(value) : [value];
  return values.filter(
    (v): v is Leaf => v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean",
  );
}

function matchLeaf(conditions: readonly Condition[], value: unknown): boolean {
  const leaves = leavesOf(value);
  return conditions.some((condition) =>
    condition.kind === "exists"
      ? condition.present === leaves.length > 0
      : leaves.some((leaf) => condition.test(leaf)),
  );
}

/** An object pattern against a value; an array must match in one element (array-consistent). */
function matchObject(node: ObjectNode, value: unknown): boolean {
  if (!Array.isArray(value)) return matchOne(node, value);
  const elements = flatten(value);
  if (elements.length === 0) return matchOne(node, undefined);
  return elements.some((element) => matchOne(node, element));
}

function matchOne(node: ObjectNode, value: unknown): boolean {
  const object = isPlainObject(value) ? value : undefined;
  for (const field of node.fields) {
    const child = object !== undefined && Object.hasOwn(object, field.key) ? object[field.key] : undefined;
    const ok = "leaf" in field ? matchLeaf(field.leaf, child) : matchObject(field.object, child);
    if (!ok) return false;
  }
  return node.ors.every((branches) => branches.some((branch) => matchOne(branch, value)));
}
