/**
 * The comparison operators of EventBridge event patterns (`prefix`, `suffix`, `equals-ignore-case`,
 * `wildcard`, `anything-but`, `numeric`, `cidr`, and exact strings that are IP addresses): each
 * argument validated with Event Ruler's reasons, and turned into a test of one leaf value.
 */
import { BlockList, isIP } from "node:net";
import { invalidPattern as barf } from "./event-pattern-error.ts";
import { isPlainObject, type Leaf } from "./event-pattern-match.ts";

/** `{ "equals-ignore-case": "…" }` inside `prefix` or `suffix`. */
export function ignoreCaseArgument(argument: Record<string, unknown>, operator: "prefix" | "suffix"): string {
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
export function anythingBut(argument: unknown): (leaf: Leaf) => boolean {
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
export function numericRange(terms: readonly unknown[]): (n: number) => boolean {
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
export function wildcard(text: string): (value: string) => boolean {
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
export function cidr(block: string): (address: string) => boolean {
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
export function exactString(text: string): (leaf: Leaf) => boolean {
  const family = isIP(text);
  if (family === 0) return (leaf) => leaf === text;
  const list = new BlockList();
  const type = family === 4 ? "ipv4" : "ipv6";
  list.addAddress(text, type);
  return (leaf) =>
    leaf === text || (typeof leaf === "string" && isIP(leaf) === family && list.check(leaf, type));
}

export function equalsIgnoreCase(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase() || a.toUpperCase() === b.toUpperCase();
}
