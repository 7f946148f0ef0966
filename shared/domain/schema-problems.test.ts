import { describe, expect, it } from "vitest";
import { z } from "zod/mini";
import { type $ZodType, safeParse } from "zod/v4/core";
import { schemaProblems } from "./schema-problems.ts";

/** The problems `schemaProblems` tells of `body` against `schema`. */
function problemsOf(schema: $ZodType, body: unknown, prefix?: string[]): { path: string; message: string }[] {
  const result = safeParse(schema, body);
  if (result.success) throw new Error("the body was accepted");
  return schemaProblems("body", result.error.issues, body, prefix).map(({ path, message }) => ({
    path,
    message,
  }));
}

describe("the words a validation problem is told in", () => {
  it.each([
    ["a missing field", z.object({ name: z.string() }), {}, "name", "Required"],
    ["a missing nested field", z.object({ a: z.object({ b: z.number() }) }), { a: {} }, "a.b", "Required"],
    ["null for text", z.object({ name: z.string() }), { name: null }, "name", "Must be text"],
    ["text for a number", z.object({ n: z.number() }), { n: "1" }, "n", "Must be a number"],
    ["a fraction for a whole number", z.object({ n: z.int() }), { n: 1.5 }, "n", "Must be a whole number"],
    ["text for a flag", z.object({ on: z.boolean() }), { on: "yes" }, "on", "Must be true or false"],
    ["an object for a list", z.object({ l: z.array(z.string()) }), { l: {} }, "l", "Must be a list"],
    ["a list for an object", z.object({ o: z.object({}) }), { o: [] }, "o", "Must be an object"],
    [
      "long text",
      z.object({ t: z.string().check(z.maxLength(3)) }),
      { t: "abcd" },
      "t",
      "Must be at most 3 characters",
    ],
    [
      "short text",
      z.object({ t: z.string().check(z.minLength(2)) }),
      { t: "a" },
      "t",
      "Must be at least 2 characters",
    ],
    ["empty text", z.object({ t: z.string().check(z.minLength(1)) }), { t: "" }, "t", "Must not be empty"],
    [
      "text of a fixed length",
      z.object({ t: z.string().check(z.length(4)) }),
      { t: "a" },
      "t",
      "Must be exactly 4 characters",
    ],
    [
      "a long list",
      z.object({ l: z.array(z.int()).check(z.maxLength(1)) }),
      { l: [1, 2] },
      "l",
      "Must be at most 1 item",
    ],
    [
      "an empty list",
      z.object({ l: z.array(z.int()).check(z.minLength(1)) }),
      { l: [] },
      "l",
      "Must not be empty",
    ],
    [
      "a large number",
      z.object({ n: z.number().check(z.maximum(10)) }),
      { n: 11 },
      "n",
      "Must be at most 10",
    ],
    [
      "a number not below",
      z.object({ n: z.number().check(z.lt(10)) }),
      { n: 10 },
      "n",
      "Must be less than 10",
    ],
    ["a small number", z.object({ n: z.number().check(z.minimum(1)) }), { n: 0 }, "n", "Must be at least 1"],
    [
      "a number not above",
      z.object({ n: z.number().check(z.gt(0)) }),
      { n: 0 },
      "n",
      "Must be greater than 0",
    ],
    [
      "a non-multiple",
      z.object({ n: z.number().check(z.multipleOf(5)) }),
      { n: 7 },
      "n",
      "Must be a multiple of 5",
    ],
    ["a bad e-mail", z.object({ e: z.email() }), { e: "nope" }, "e", "Must be an e-mail address"],
    ["a bad URL", z.object({ u: z.url() }), { u: "nope" }, "u", "Must be a URL"],
    [
      "a bad date-time",
      z.object({ d: z.iso.datetime() }),
      { d: "today" },
      "d",
      "Must be a date and time (ISO 8601, e.g. 2026-01-31T09:30:00Z)",
    ],
    [
      "a pattern",
      z.object({ id: z.string().check(z.regex(/^[0-9]+$/)) }),
      { id: "x" },
      "id",
      "Is not in the expected format",
    ],
    [
      "a prefix",
      z.object({ s: z.string().check(z.startsWith("lm_")) }),
      { s: "x" },
      "s",
      'Must start with "lm_"',
    ],
    [
      "one of a few",
      z.object({ k: z.enum(["draft", "published"]) }),
      { k: "x" },
      "k",
      'Must be one of "draft", "published"',
    ],
    ["a literal", z.object({ k: z.literal("v1") }), { k: "v2" }, "k", 'Must be "v1"'],
    [
      "a discriminated union's tag",
      z.object({
        p: z.discriminatedUnion("kind", [
          z.object({ kind: z.literal("a"), x: z.string() }),
          z.object({ kind: z.literal("b"), y: z.string() }),
        ]),
      }),
      { p: { kind: "c" } },
      "p.kind",
      'Must be one of "a", "b"',
    ],
    [
      "a union",
      z.object({ u: z.union([z.string(), z.number()]) }),
      { u: true },
      "u",
      "Does not match any accepted form",
    ],
    ["an unknown field", z.strictObject({ a: z.string() }), { a: "x", b: 1 }, "b", "Unknown field"],
    ["an unknown nested field", z.object({ o: z.strictObject({}) }), { o: { c: 1 } }, "o.c", "Unknown field"],
    ["a whole body of the wrong type", z.object({}), [1], "(root)", "Must be an object"],
    ["a missing body", z.object({}), undefined, "(root)", "Required"],
    [
      "a refinement's own words",
      z.object({ p: z.string().check(z.refine((v) => v !== "x", { error: "Pick another word" })) }),
      { p: "x" },
      "p",
      "Pick another word",
    ],
    [
      "a check's own words",
      z.object({ t: z.string().check(z.maxLength(3, { error: "Keep it short" })) }),
      { t: "abcd" },
      "t",
      "Keep it short",
    ],
    [
      "a refinement without words",
      z.object({ p: z.string().check(z.refine((v) => v !== "x")) }),
      { p: "x" },
      "p",
      "Is not valid",
    ],
  ])("%s", (_name, schema, body, path, message) => {
    expect(problemsOf(schema, body)).toEqual([{ path, message }]);
  });

  it("names a problem under the prefix its input sits in, and tells missing from wrong by the input itself", () => {
    const schema = z.strictObject({ topic: z.string(), keywords: z.array(z.string()) });
    expect(problemsOf(schema, { keywords: ["a", 1], extra: true }, ["input"])).toEqual([
      { path: "input.topic", message: "Required" },
      { path: "input.keywords.1", message: "Must be text" },
      { path: "input.extra", message: "Unknown field" },
    ]);
  });

  it("cuts a long list of allowed values, saying how many more there are", () => {
    const values = Array.from({ length: 20 }, (_, i) => `v${i}`) as [string, ...string[]];
    const [problem] = problemsOf(z.object({ k: z.enum(values) }), { k: "x" });
    expect(problem?.message).toMatch(/^Must be one of "v0", .*"v11" \(or 8 more\)$/);
  });

  it("cuts a path of a huge key the client sent to 200 characters", () => {
    const key = "k".repeat(1000);
    const [problem] = problemsOf(z.strictObject({}), { [key]: 1 });
    expect(problem?.path).toHaveLength(200);
    expect(problem?.path.endsWith("…")).toBe(true);
  });

  it("never passes zod's own wording on", () => {
    const schema = z.strictObject({
      id: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)),
      n: z.int(),
      t: z.string().check(z.maxLength(2)),
    });
    const text = JSON.stringify(problemsOf(schema, { id: "x", n: "y", t: "abc" }));
    for (const zodWording of [
      /Invalid (input|string)/,
      /received/,
      /expected (string|int|number)/,
      /\/\^/,
      /Too (big|small)/,
      /<=/,
    ]) {
      expect(text).not.toMatch(zodWording);
    }
  });
});
