/**
 * Invalid and boundary inputs for a route, generated from its declared zod schemas (read through
 * their JSON Schema), so a route added later is fuzzed without anyone writing its cases. Every case
 * says whether the declared schema itself accepts it: the fuzz expects a refusal exactly when it
 * does not.
 */
import { type $ZodType, safeParse, toJSONSchema } from "zod/v4/core";
import type { RouteDeclaration } from "#shared/platform/declaration/types";

type Json = Record<string, unknown>;

/** One request to make: what is changed, and the parts of the request it changes. */
export interface FuzzCase {
  name: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** A raw body (sent as is) with its content type. */
  body?: { text: string; contentType: string };
  /** Whether the declared schemas refuse this request (then nothing may be written). */
  invalid: boolean;
}

const LONE_SURROGATE = "\ud800";
const ULID = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

function jsonSchemaOf(schema: $ZodType): Json {
  return toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
}

function propertiesOf(schema: $ZodType | undefined): Record<string, Json> {
  if (!schema) return {};
  return (jsonSchemaOf(schema).properties ?? {}) as Record<string, Json>;
}

const accepts = (schema: $ZodType | undefined, value: unknown) =>
  schema ? safeParse(schema, value).success : false;

/** Values of every JSON type, for a field that expects one of them. */
const WRONG_TYPES: readonly unknown[] = [null, true, 12345, -1, 1.5, "text", [], {}, [1, 2], { a: 1 }];

/** Strings that strain a parser, a regex, a key builder or a log line. */
const HOSTILE_STRINGS: readonly string[] = [
  "",
  " ",
  "a\u0000b",
  "\u001b[31mred",
  "a\r\nb\tc",
  `x${LONE_SURROGATE}`,
  "abc\u202edef",
  "TENANT#other",
  "../../etc/passwd",
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "%00",
  "𝕏".repeat(40),
  "x".repeat(5000),
];

/** Values just past a JSON Schema property's declared bounds, and of other kinds. */
function badValuesFor(property: Json): unknown[] {
  const values: unknown[] = [...WRONG_TYPES, ...HOSTILE_STRINGS];
  const { minLength, maxLength, minimum, maximum, minItems, maxItems } = property as Record<string, number>;
  if (typeof maxLength === "number") values.push("x".repeat(maxLength + 1), "é".repeat(maxLength + 1));
  if (typeof minLength === "number" && minLength > 0) values.push("x".repeat(minLength - 1));
  if (typeof minimum === "number") values.push(minimum - 1, minimum - 0.5);
  if (typeof maximum === "number") values.push(maximum + 1, maximum + 0.5, Number.MAX_SAFE_INTEGER + 2);
  if (typeof maxItems === "number") values.push(Array.from({ length: maxItems + 1 }, () => "x"));
  if (typeof minItems === "number" && minItems > 0) values.push([]);
  if (Array.isArray(property.enum)) values.push("not-one-of-them", String(property.enum[0]).toUpperCase());
  return values;
}

/** Strings for a path or query parameter: every bad value that has a string form. */
function badStringsFor(property: Json): string[] {
  const strings = badValuesFor(property).map((value) =>
    typeof value === "string" ? value : JSON.stringify(value),
  );
  return [...new Set(strings)].filter((value) => !value.includes("/"));
}

/**
 * Path parameters that the route's schema accepts, from candidates (ids the caller owns first), so a
 * case that fuzzes the query or the body reaches the handler's validation of that part alone.
 */
export function validParams(route: RouteDeclaration, candidates: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, property] of Object.entries(propertiesOf(route.params))) {
    const options = [...candidates, ...(Array.isArray(property.enum) ? property.enum.map(String) : []), ULID];
    params[name] = options.find((value) => accepts(route.params, { ...params, [name]: value })) ?? ULID;
  }
  return params;
}

/** The fuzz cases of one route: bad path parameters, bad and unknown query fields, bad bodies. */
export function fuzzCases(route: RouteDeclaration, params: Record<string, string>): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const [name, property] of Object.entries(propertiesOf(route.params))) {
    for (const value of badStringsFor(property)) {
      const changed = { ...params, [name]: value };
      cases.push({
        name: `path ${name}=${preview(value)}`,
        params: changed,
        invalid: !accepts(route.params, changed),
      });
    }
  }

  const queryProps = propertiesOf(route.query);
  for (const [name, property] of Object.entries(queryProps)) {
    for (const value of badStringsFor(property)) {
      const query = { [name]: value };
      cases.push({ name: `query ${name}=${preview(value)}`, query, invalid: !accepts(route.query, query) });
    }
  }
  cases.push({ name: "an unknown query field", query: { fuzz: "1" }, invalid: true });

  const json = (value: unknown) => ({ text: JSON.stringify(value), contentType: "application/json" });
  if (!route.body) {
    cases.push({ name: "a body on a route that takes none", body: json({ a: 1 }), invalid: true });
    return cases;
  }
  for (const [name, property] of Object.entries(propertiesOf(route.body))) {
    for (const value of badValuesFor(property)) {
      const body = { [name]: value };
      cases.push({
        name: `body ${name}=${preview(JSON.stringify(value))}`,
        body: json(body),
        invalid: !accepts(route.body, body),
      });
    }
  }
  const limit = route.maxBodyBytes ?? 64 * 1024;
  const whole: [string, FuzzCase["body"]][] = [
    ["a body that is an array", json([])],
    ["a body that is a string", json("text")],
    ["a body that is a number", json(42)],
    ["a body that is null", json(null)],
    ["an empty object", json({})],
    ["an unknown body field", json({ fuzz: 1 })],
    [
      "a prototype-polluting key",
      {
        text: '{"__proto__":{"admin":true},"constructor":{"prototype":{}}}',
        contentType: "application/json",
      },
    ],
    ["malformed JSON", { text: '{"a":', contentType: "application/json" }],
    ["JSON with a lone surrogate escape", { text: '{"a":"\\ud800"}', contentType: "application/json" }],
    [
      "deeply nested JSON",
      { text: `${"[".repeat(3000)}${"]".repeat(3000)}`, contentType: "application/json" },
    ],
    ["a JSON Patch document", { text: "{}", contentType: "application/json-patch+json" }],
    ["a form body", { text: "a=1", contentType: "application/x-www-form-urlencoded" }],
    [
      "a body one byte over the route's limit",
      { text: `"${"x".repeat(limit - 1)}"`, contentType: "application/json" },
    ],
  ];
  for (const [name, body] of whole) {
    let parsed: unknown;
    let parses = body?.contentType === "application/json";
    try {
      parsed = JSON.parse(body?.text ?? "");
    } catch {
      parses = false;
    }
    const fits = Buffer.byteLength(body?.text ?? "") <= limit;
    cases.push({ name, body, invalid: !(parses && fits && accepts(route.body, parsed)) });
  }
  return cases;
}

function preview(value: string): string {
  const shown = JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…(${value.length})` : value);
  return shown;
}
