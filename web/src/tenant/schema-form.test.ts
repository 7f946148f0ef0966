import { describe, expect, it } from "vitest";
import { apiErrorOf } from "../api/errors.ts";
import { formOf, initialValues, inputOf, labelOf, serverErrors, splitList } from "./schema-form.ts";

/** The shapes the agents' input schemas use (as `toJSONSchema` writes them), and a few they do not. */
const schema = {
  type: "object",
  properties: {
    topic: { type: "string", minLength: 3, maxLength: 200, description: "What the article is about" },
    notes: { type: "string", maxLength: 4000 },
    period: { type: "string", pattern: "^(20\\d\\d)(?:-(Q[1-4]))?$" },
    link: { type: "string", maxLength: 500, format: "uri" },
    length: { default: "medium", type: "string", enum: ["short", "medium", "long"] },
    tone: { type: "string", enum: ["warm", "formal"] },
    countPerNetwork: { default: 1, type: "integer", minimum: 1, maximum: 5 },
    budget: { type: "number", minimum: 0 },
    urgent: { type: "boolean" },
    keywords: { minItems: 1, maxItems: 3, type: "array", items: { type: "string", maxLength: 10 } },
    networks: { minItems: 1, type: "array", items: { type: "string", enum: ["x", "linkedin"] } },
    revisionOf: { type: "object", properties: { runId: { type: "string" } } },
    feedback: { type: "string", readOnly: true },
    either: { anyOf: [{ type: "string" }, { type: "number" }] },
  },
  required: ["topic", "keywords", "networks"],
  additionalProperties: false,
};

const form = formOf(schema);
const field = (name: string) => {
  const found = form.fields.find((f) => f.name === name);
  if (!found) throw new Error(`no field ${name}`);
  return found;
};
const valid = { ...initialValues(form), topic: "Spring menus", keywords: "menu, spring", networks: ["x"] };

describe("formOf", () => {
  it("maps each property to the control that expresses it, in the schema's order", () => {
    expect(form.unsupported).toBeUndefined();
    expect(form.fields.map((f) => [f.name, f.kind])).toEqual([
      ["topic", "text"],
      ["notes", "textarea"],
      ["period", "text"],
      ["link", "text"],
      ["length", "select"],
      ["tone", "select"],
      ["countPerNetwork", "number"],
      ["budget", "number"],
      ["urgent", "checkbox"],
      ["keywords", "list"],
      ["networks", "choices"],
      ["revisionOf", "json"],
      ["either", "json"],
    ]);
  });

  it("leaves out what the platform sets itself (readOnly)", () => {
    expect(form.fields.map((f) => f.name)).not.toContain("feedback");
  });

  it("marks required fields and labels them in plain words", () => {
    expect(field("topic").required).toBe(true);
    expect(field("notes").required).toBe(false);
    expect(field("countPerNetwork").label).toBe("Count per network");
    expect(labelOf("website_text")).toBe("Website text");
  });

  it("turns descriptions and constraints into hints", () => {
    expect(field("topic").hint).toBe("What the article is about. 3 to 200 characters.");
    expect(field("notes").hint).toBe("Up to 4000 characters.");
    expect(field("countPerNetwork").hint).toBe("A whole number from 1 to 5.");
    expect(field("keywords").hint).toBe(
      "One per line, or separated by commas. 1 to 3 items. Each up to 10 characters.",
    );
    expect(field("revisionOf").hint).toMatch(/JSON/);
    expect(field("link").inputType).toBe("url");
  });

  it("starts from the schema's defaults; an optional select may stay empty", () => {
    const values = initialValues(form);
    expect(values.length).toBe("medium");
    expect(values.tone).toBe("");
    expect(values.countPerNetwork).toBe("1");
    expect(values.urgent).toBe(false);
    expect(values.networks).toEqual([]);
  });

  it("says so when the schema is not an object of properties", () => {
    expect(formOf({ type: "string" }).unsupported).toMatch(/not a set of named fields/);
    expect(formOf(null).fields).toEqual([]);
  });
});

describe("inputOf", () => {
  it("builds the input: numbers parsed, lists split, optional blanks left out", () => {
    const result = inputOf(form, { ...valid, urgent: true, budget: "12.5", revisionOf: '{"runId":"r1"}' });
    expect(result).toEqual({
      ok: true,
      input: {
        topic: "Spring menus",
        length: "medium",
        countPerNetwork: 1,
        budget: 12.5,
        urgent: true,
        keywords: ["menu", "spring"],
        networks: ["x"],
        revisionOf: { runId: "r1" },
      },
    });
  });

  it("names every field that is not acceptable", () => {
    const result = inputOf(form, {
      ...initialValues(form),
      topic: "ab",
      period: "1999",
      link: "not a url",
      countPerNetwork: "2.5",
      budget: "-1",
      keywords: "a, b, c, d",
      revisionOf: "{",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      topic: "Use at least 3 characters.",
      period: "This is not in the expected format.",
      link: "Enter a full web address (https://…).",
      countPerNetwork: "Enter a whole number.",
      budget: "Enter 0 or more.",
      keywords: "Give at most 3 items.",
      networks: "Choose at least one.",
      revisionOf: "This is not valid JSON.",
    });
  });

  it("refuses a missing required field, an over-long item and an out-of-range number", () => {
    const result = inputOf(form, {
      ...valid,
      topic: "  ",
      keywords: "a\nabcdefghijkl",
      countPerNetwork: "6",
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        topic: "This field is required.",
        keywords: "Keep each item to 10 characters.",
        countPerNetwork: "Enter 5 or less.",
      },
    });
  });
});

describe("splitList", () => {
  it("splits by lines when there are several, else by commas, dropping blanks", () => {
    expect(splitList("a, b ,,c")).toEqual(["a", "b", "c"]);
    expect(splitList("one, with comma\ntwo\n\n")).toEqual(["one, with comma", "two"]);
    expect(splitList("   ")).toEqual([]);
  });
});

describe("serverErrors", () => {
  it("places the server's input paths beside their fields and the rest above the form", () => {
    const error = apiErrorOf(400, {
      error: {
        code: "VALIDATION_ERROR",
        message: "The input does not match",
        requestId: "r",
        fields: [
          { in: "body", path: "input.keywords.0", message: "Too long" },
          { in: "body", path: "input.topic", message: "Too short" },
          { in: "body", path: "input.unknown", message: "Unrecognized" },
        ],
      },
    });
    expect(serverErrors(form, error.fields)).toEqual({
      fields: { keywords: "Too long", topic: "Too short" },
      general: ["input.unknown: Unrecognized"],
    });
  });

  it("says a problem of the input as a whole above the form, by its path", () => {
    const error = apiErrorOf(400, {
      error: {
        code: "VALIDATION_ERROR",
        message: "Invalid",
        requestId: "r",
        fields: [{ in: "body", path: "input", message: "Must be an object" }],
      },
    });
    expect(serverErrors(form, error.fields)).toEqual({
      fields: {},
      general: ["input: Must be an object"],
    });
  });
});
