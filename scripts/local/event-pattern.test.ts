import { describe, expect, it } from "vitest";
import { compileEventPattern, matchesEventPattern, validateEventPattern } from "./event-pattern.ts";
import { InvalidEventPatternException } from "./event-pattern-error.ts";

/**
 * Conformance table for the local EventBridge's pattern matching. Each row cites the behaviour it pins:
 * "guide" is the EventBridge user guide (event patterns, comparison operators, arrays, null values),
 * "Ruler" is Event Ruler (github.com/aws/event-ruler), the engine EventBridge matches with, where the
 * guide is silent.
 */
const event = {
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "Order Placed",
  source: "app.orders",
  account: "000000000000",
  time: "2017-10-02T18:43:48Z",
  region: "us-east-1",
  resources: [
    "arn:aws:orders:us-east-1:000000000000:order/1",
    "arn:aws:orders:us-east-1:000000000000:order/2",
  ],
  detail: {
    state: "running",
    count: 5,
    price: 300,
    ratio: 0.5,
    flag: true,
    nothing: null,
    empty: "",
    text: "5",
    tags: ["red", "green"],
    scores: [1, 7, 12],
    grid: [[1, 2], [3]],
    emptyList: [],
    obj: { c1: 100 },
    nested: { level: { deep: "yes" } },
    employees: [
      { first: "Anna", last: "Smith" },
      { first: "John", last: "Doe", ids: [1000, 1234] },
    ],
    ip: "10.0.0.33",
    ipv6: "2001:db8::1",
    file: "photo.PNG",
    service: "EventBridge",
    path: "/usr/lib/node",
    star: "a*b",
  },
};

type Row = [name: string, pattern: Record<string, unknown>, expected: boolean];

const rows: Row[] = [
  // Exact values (guide: "Matching event values", "Matching null values and empty strings")
  ["exact string", { source: ["app.orders"] }, true],
  ["exact string, other value", { source: ["app.other"] }, false],
  ["values of one field are ORed", { source: ["app.other", "app.orders"] }, true],
  ["strings match without case folding", { source: ["APP.ORDERS"] }, false],
  ["fields are ANDed", { "detail-type": ["Order Placed"], source: ["app.orders"] }, true],
  ["fields are ANDed, one fails", { "detail-type": ["Order Placed"], source: ["nope"] }, false],
  ["exact number", { detail: { count: [5] } }, true],
  ["exact number compares by value (300.0 is 300)", { detail: { price: [300.0] } }, true],
  ["string pattern does not match a number", { detail: { count: ["5"] } }, false],
  ["number pattern does not match a string", { detail: { text: [5] } }, false],
  ["boolean", { detail: { flag: [true] } }, true],
  ["string 'true' is not the boolean", { detail: { flag: ["true"] } }, false],
  ["null matches null", { detail: { nothing: [null] } }, true],
  ["empty string does not match null", { detail: { nothing: [""] } }, false],
  ["empty string matches empty string", { detail: { empty: [""] } }, true],
  ["null does not match empty string", { detail: { empty: [null] } }, false],
  ["a missing field does not match", { detail: { missing: ["x"] } }, false],
  ["a missing top-level object does not match", { other: { a: ["x"] } }, false],
  // Nesting (guide: same nesting structure)
  ["nested fields", { detail: { nested: { level: { deep: ["yes"] } } } }, true],
  ["nested fields, other value", { detail: { nested: { level: { deep: ["no"] } } } }, false],
  ["a value does not match an object (not a leaf)", { detail: { nested: ["x"] } }, false],
  ["an object pattern does not match a string", { detail: { state: { sub: ["x"] } } }, false],
  // Arrays in events (guide: "Arrays in event patterns"; Ruler: array-consistent matching)
  ["event array matches if any element matches", { resources: [event.resources[1]] }, true],
  ["event array against several values", { detail: { tags: ["blue", "green"] } }, true],
  ["event array, no element matches", { detail: { tags: ["blue"] } }, false],
  ["operators apply to each element", { detail: { scores: [{ numeric: [">", 10] }] } }, true],
  ["array of objects: one element matches", { detail: { employees: { first: ["Anna"] } } }, true],
  [
    "array of objects: fields must come from the same element",
    { detail: { employees: { first: ["Anna"], last: ["Doe"] } } },
    false,
  ],
  [
    "array of objects: both fields in one element",
    { detail: { employees: { first: ["John"], ids: [1000] } } },
    true,
  ],
  [
    "array of objects: exists false within the matching element",
    { detail: { employees: { first: ["Anna"], ids: [{ exists: false }] } } },
    true,
  ],
  ["arrays of arrays are flattened", { detail: { grid: [3] } }, true],
  // prefix / suffix (guide: "Prefix matching", "Suffix matching", with equals-ignore-case)
  ["prefix", { time: [{ prefix: "2017-10-02" }] }, true],
  ["prefix, other", { time: [{ prefix: "2018" }] }, false],
  ['prefix "" matches any string', { detail: { state: [{ prefix: "" }] } }, true],
  ['prefix "" matches the empty string', { detail: { empty: [{ prefix: "" }] } }, true],
  ['prefix "" does not match a number', { detail: { count: [{ prefix: "" }] } }, false],
  ['prefix "" does not match null', { detail: { nothing: [{ prefix: "" }] } }, false],
  ['prefix "" does not match a missing field', { detail: { missing: [{ prefix: "" }] } }, false],
  ["prefix is case-sensitive", { detail: { service: [{ prefix: "eventb" }] } }, false],
  [
    "prefix equals-ignore-case",
    { detail: { service: [{ prefix: { "equals-ignore-case": "eventb" } }] } },
    true,
  ],
  ["suffix", { detail: { file: [{ suffix: ".PNG" }] } }, true],
  ["suffix is case-sensitive", { detail: { file: [{ suffix: ".png" }] } }, false],
  ["suffix equals-ignore-case", { detail: { file: [{ suffix: { "equals-ignore-case": ".png" } }] } }, true],
  ["suffix on a number", { detail: { count: [{ suffix: "5" }] } }, false],
  // equals-ignore-case (guide: "Equals-ignore-case matching")
  ["equals-ignore-case", { detail: { state: [{ "equals-ignore-case": "RUNNING" }] } }, true],
  ["equals-ignore-case is not a prefix", { detail: { state: [{ "equals-ignore-case": "RUN" }] } }, false],
  // anything-but (guide: "Anything-but matching"; Ruler for other types and missing fields)
  ["anything-but string", { detail: { state: [{ "anything-but": "initializing" }] } }, true],
  ["anything-but the value itself", { detail: { state: [{ "anything-but": "running" }] } }, false],
  [
    "anything-but list containing the value",
    { detail: { state: [{ "anything-but": ["stopped", "running"] }] } },
    false,
  ],
  [
    "anything-but list without the value",
    { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } },
    true,
  ],
  ["anything-but number list", { detail: { count: [{ "anything-but": [100, 200, 300] }] } }, true],
  [
    "anything-but number list containing the value",
    { detail: { price: [{ "anything-but": [100, 200, 300] }] } },
    false,
  ],
  ["anything-but number", { detail: { count: [{ "anything-but": 5 }] } }, false],
  ['anything-but 5 matches the string "5"', { detail: { text: [{ "anything-but": 5 }] } }, true],
  [
    "anything-but prefix, value has it",
    { detail: { state: [{ "anything-but": { prefix: "run" } }] } },
    false,
  ],
  [
    "anything-but prefix, value lacks it",
    { detail: { state: [{ "anything-but": { prefix: "init" } }] } },
    true,
  ],
  ["anything-but suffix", { detail: { file: [{ "anything-but": { suffix: ".PNG" } }] } }, false],
  [
    "anything-but equals-ignore-case",
    { detail: { state: [{ "anything-but": { "equals-ignore-case": "RUNNING" } }] } },
    false,
  ],
  [
    "anything-but equals-ignore-case list",
    { detail: { state: [{ "anything-but": { "equals-ignore-case": ["STOPPED", "PENDING"] } }] } },
    true,
  ],
  ["anything-but wildcard", { detail: { path: [{ "anything-but": { wildcard: "*/lib/*" } }] } }, false],
  ["anything-but a string matches null", { detail: { nothing: [{ "anything-but": "x" }] } }, true],
  ["anything-but a string matches a boolean", { detail: { flag: [{ "anything-but": "x" }] } }, true],
  ["anything-but does not match a missing field", { detail: { missing: [{ "anything-but": "x" }] } }, false],
  [
    "anything-but on an array: another element matches",
    { detail: { tags: [{ "anything-but": "red" }] } },
    true,
  ],
  [
    "anything-but on an array: every element excluded",
    { detail: { tags: [{ "anything-but": ["red", "green"] }] } },
    false,
  ],
  // numeric (guide: "Numeric matching")
  ["numeric range > 0 <= 5", { detail: { count: [{ numeric: [">", 0, "<=", 5] }] } }, true],
  ["numeric range > 0 < 5 excludes 5", { detail: { count: [{ numeric: [">", 0, "<", 5] }] } }, false],
  ["numeric >=", { detail: { count: [{ numeric: [">=", 5] }] } }, true],
  ["numeric >", { detail: { count: [{ numeric: [">", 5] }] } }, false],
  ["numeric <", { detail: { count: [{ numeric: ["<", 5] }] } }, false],
  ["numeric <=", { detail: { count: [{ numeric: ["<=", 5] }] } }, true],
  ["numeric = with an exponent", { detail: { price: [{ numeric: ["=", 3.0e2] }] } }, true],
  ["numeric range on a fraction", { detail: { ratio: [{ numeric: [">=", 0.5, "<", 1] }] } }, true],
  ['numeric does not match the string "5"', { detail: { text: [{ numeric: ["=", 5] }] } }, false],
  ["numeric does not match a missing field", { detail: { missing: [{ numeric: [">", 0] }] } }, false],
  ["numeric does not match null", { detail: { nothing: [{ numeric: [">", -1] }] } }, false],
  // exists (guide: "Exists matching", leaf nodes only)
  ["exists true on a present field", { detail: { state: [{ exists: true }] } }, true],
  ["exists true on a missing field", { detail: { missing: [{ exists: true }] } }, false],
  ["exists false on a missing field", { detail: { missing: [{ exists: false }] } }, true],
  ["exists false on a present field", { detail: { state: [{ exists: false }] } }, false],
  ["exists true on null (a value)", { detail: { nothing: [{ exists: true }] } }, true],
  ["exists false on an object (not a leaf)", { detail: { obj: [{ exists: false }] } }, true],
  ["exists true on an object (not a leaf)", { detail: { obj: [{ exists: true }] } }, false],
  ["exists false on an empty array", { detail: { emptyList: [{ exists: false }] } }, true],
  ["exists false under a missing object", { absent: { deeper: [{ exists: false }] } }, true],
  ["exists false ORed with a value", { detail: { missing: [{ exists: false }, "x"] } }, true],
  // cidr (guide: "IP address matching")
  ["cidr IPv4 inside", { detail: { ip: [{ cidr: "10.0.0.0/24" }] } }, true],
  ["cidr IPv4 outside", { detail: { ip: [{ cidr: "10.0.1.0/24" }] } }, false],
  ["cidr IPv6 inside", { detail: { ipv6: [{ cidr: "2001:db8::/32" }] } }, true],
  ["cidr does not match a non-address", { detail: { state: [{ cidr: "10.0.0.0/8" }] } }, false],
  ["an exact IP matches another spelling of it", { detail: { ipv6: ["2001:0db8:0:0:0:0:0:1"] } }, true],
  // wildcard (guide: "Wildcard matching")
  ["wildcard", { detail: { path: [{ wildcard: "*/lib/*" }] } }, true],
  ["wildcard, no match", { detail: { path: [{ wildcard: "/usr/*/bin" }] } }, false],
  ["wildcard escaped asterisk", { detail: { star: [{ wildcard: "a\\*b" }] } }, true],
  ["wildcard escaped asterisk is literal", { detail: { star: [{ wildcard: "a\\*c" }] } }, false],
  ["wildcard on the envelope", { source: [{ wildcard: "app.*" }] }, true],
  ["wildcard with regex-special characters taken literally", { region: [{ wildcard: "us-*-1" }] }, true],
  ["wildcard: a dot is not any character", { source: [{ wildcard: "app?orders" }] }, false],
  ["wildcard matches across the whole value only", { detail: { state: [{ wildcard: "run" }] } }, false],
  ["wildcard does not match a number", { detail: { count: [{ wildcard: "*" }] } }, false],
  // $or (guide: "Or matching")
  [
    "$or with the rest of the object",
    { source: ["app.orders"], $or: [{ detail: { state: ["stopped"] } }, { detail: { count: [5] } }] },
    true,
  ],
  ["$or, no branch matches", { $or: [{ source: ["x"] }, { "detail-type": ["y"] }] }, false],
  [
    "$or, branch matches but the rest fails",
    { source: ["x"], $or: [{ detail: { count: [5] } }, { region: ["eu"] }] },
    false,
  ],
  ["$or at a nested level", { detail: { $or: [{ state: ["running"] }, { count: [99] }] } }, true],
  [
    "$or inside $or",
    {
      $or: [
        { source: ["app.orders"], detail: { count: [6] } },
        { detail: { $or: [{ flag: [false] }, { ratio: [0.5] }] } },
      ],
    },
    true,
  ],
  [
    "$or inside an array of objects keeps elements apart",
    { detail: { employees: { $or: [{ first: ["Anna"], last: ["Doe"] }, { first: ["Peter"] }] } } },
    false,
  ],
  // mixed operators in one field
  ["a value and an operator in one field", { detail: { state: ["stopped", { prefix: "run" }] } }, true],
];

describe("matchesEventPattern", () => {
  it("has a conformance table of at least 60 rows", () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
  });

  it.each(rows)("%s", (_name, pattern, expected) => {
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });

  it("compiles a pattern once and matches many events", () => {
    const matches = compileEventPattern({ detail: { n: [{ numeric: [">", 1] }] } });
    expect([0, 1, 2, 3].map((n) => matches({ detail: { n } }))).toEqual([false, false, true, true]);
  });
});

type InvalidRow = [pattern: unknown, reason: string];

const invalid: InvalidRow[] = [
  [null, "Filter is not an object"],
  [[{ source: ["a"] }], "Filter is not an object"],
  ["source", "Filter is not an object"],
  [{}, "Empty objects are not allowed"],
  [{ detail: {} }, "Empty objects are not allowed"],
  [{ source: "app.orders" }, '"source" must be an object or an array'],
  [{ detail: { count: 5 } }, '"count" must be an object or an array'],
  [{ source: [] }, "Empty arrays are not allowed"],
  [{ source: [["a"]] }, "Match value must be String, number, true, false, or null"],
  [{ source: [{}] }, "Match expression name not found"],
  [{ source: [{ contains: "a" }] }, "Unrecognized match type contains"],
  [{ source: [{ prefix: "a", suffix: "b" }] }, "Only one key allowed in match expression"],
  [{ source: [{ prefix: 5 }] }, "prefix match pattern must be a string"],
  [{ source: [{ suffix: null }] }, "suffix match pattern must be a string"],
  [{ source: [{ prefix: { foo: "a" } }] }, "Unsupported prefix pattern: foo"],
  [
    { source: [{ suffix: { "equals-ignore-case": 1 } }] },
    "equals-ignore-case match pattern must be a string",
  ],
  [{ source: [{ "equals-ignore-case": ["a"] }] }, "equals-ignore-case match pattern must be a string"],
  [{ n: [{ numeric: 5 }] }, "Value of numeric must be an array."],
  [{ n: [{ numeric: [] }] }, "Invalid member in numeric match: ]"],
  [{ n: [{ numeric: [">", "5"] }] }, "Value of > must be numeric"],
  [{ n: [{ numeric: ["=", "5"] }] }, "Value of equals must be numeric"],
  [{ n: [{ numeric: ["!=", 5] }] }, "Unrecognized numeric range operator: !="],
  [{ n: [{ numeric: ["<", 5, ">", 0] }] }, "Too many elements in numeric expression"],
  [{ n: [{ numeric: [">", 0, ">", 5] }] }, "Bad numeric range operator: >"],
  [{ n: [{ numeric: [">", 5, "<", 1] }] }, "Bottom must be less than top"],
  [{ n: [{ numeric: [">", 5, "<=", 5] }] }, "Bottom must be less than top"],
  [{ n: [{ numeric: [">", 0, "<=", 5, 6] }] }, "Too many terms in numeric range expression"],
  [
    { s: [{ "anything-but": null }] },
    "Value of anything-but must be an array or single string/number value.",
  ],
  [
    { s: [{ "anything-but": true }] },
    "Value of anything-but must be an array or single string/number value.",
  ],
  [
    { s: [{ "anything-but": ["a", 1] }] },
    "Inside anything but list, either all values are number or string, mixed type is not supported",
  ],
  [
    { s: [{ "anything-but": [] }] },
    "Inside anything but list, either all values are number or string, mixed type is not supported",
  ],
  [{ s: [{ "anything-but": [null] }] }, "Inside anything but list, start|null|boolean is not supported."],
  [{ s: [{ "anything-but": { prefix: "" } }] }, "Null prefix/suffix not allowed"],
  [{ s: [{ "anything-but": { prefix: 1 } }] }, "prefix/suffix match pattern must be a string"],
  [{ s: [{ "anything-but": { contains: "a" } }] }, "Unsupported anything-but pattern: contains"],
  [{ s: [{ "anything-but": {} }] }, "Anything-But expression name not found"],
  [
    { s: [{ "anything-but": { "equals-ignore-case": [1] } }] },
    "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.",
  ],
  [{ s: [{ exists: "yes" }] }, "exists match pattern must be either true or false."],
  [{ s: [{ exists: true, prefix: "a" }] }, "Only one key allowed in match expression"],
  [{ s: [{ wildcard: "a**b" }] }, "Consecutive wildcard characters at pos 2"],
  [{ s: [{ wildcard: "a\\b" }] }, "Invalid escape character at pos 2"],
  [{ s: [{ cidr: "10.0.0.0" }] }, "Malformed CIDR, one '/' required"],
  [{ s: [{ cidr: "10.0.0.0/x" }] }, "Malformed CIDR, mask bits must be an integer"],
  [{ s: [{ cidr: "10.0.0.0/32" }] }, "IPv4 mask bits must be < 32"],
  [{ s: [{ cidr: "10.0.0.300/8" }] }, "Invalid IP address: 10.0.0.300"],
  [{ $or: [{ a: ["x"] }] }, "There must have at least 2 Objects in $or relationship."],
  [{ $or: { a: ["x"] } }, "It must be an Array followed with $or."],
  [{ $or: [{ a: ["x"] }, "b"] }, "Only JSON object is allowed in array of $or relationship."],
  [{ $or: [{ a: ["x"] }, {}] }, "Empty objects are not allowed"],
  [
    { $or: [{ numeric: ["x"] }, { a: ["y"] }] },
    "numeric is Ruler reserved fieldName which cannot be used inside $or.",
  ],
];

describe("validateEventPattern", () => {
  it.each(invalid)("refuses %j: %s", (pattern, reason) => {
    expect(() => validateEventPattern(pattern)).toThrow(new InvalidEventPatternException(reason));
    try {
      validateEventPattern(pattern);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEventPatternException);
      expect((error as Error).name).toBe("InvalidEventPatternException");
      expect((error as Error).message).toBe(`Event pattern is not valid. Reason: ${reason}`);
    }
  });

  it("accepts every pattern of the conformance table", () => {
    for (const [, pattern] of rows) expect(() => validateEventPattern(pattern)).not.toThrow();
  });

  it("makes matching throw for an invalid pattern too", () => {
    expect(() => matchesEventPattern({ source: [] }, event)).toThrow(InvalidEventPatternException);
  });
});
