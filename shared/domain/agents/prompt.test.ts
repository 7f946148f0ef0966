import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { toJSONSchema } from "zod/v4/core";
import {
  brandBlock,
  buildPrompt,
  inputJsonSchema,
  JSON_ANSWER_INSTRUCTION,
  outputJsonSchema,
} from "./prompt.ts";
import { socialPostWriterAgent } from "./social-post-writer/social-post-writer.agent.ts";
import { brand } from "./testing/fixtures.ts";

const output = z.object({ answer: z.string() });
const parts = {
  title: "tester",
  task: "Test things.",
  rules: ["Be brief."],
  brief: [
    ["Topic", "Cold brew"],
    ["Audience", undefined],
    ["Keywords", ["a", "b"]],
    ["Count", 3],
    ["Notes", "line one\nline two"],
  ] as const,
  ask: "Write it.",
  output,
};

describe("outputJsonSchema", () => {
  it("is zod's JSON Schema of the agent's output, without the $schema line", () => {
    const { $schema, ...expected } = toJSONSchema(socialPostWriterAgent.output, { io: "output" });
    expect($schema).toBeDefined();
    expect(outputJsonSchema(socialPostWriterAgent)).toEqual(expected);
    expect(outputJsonSchema(socialPostWriterAgent)).toBe(outputJsonSchema(socialPostWriterAgent));
  });

  it("is the input's JSON Schema for inputJsonSchema, fields with defaults optional", () => {
    const schema = inputJsonSchema(socialPostWriterAgent) as {
      required: string[];
      additionalProperties: boolean;
    };
    expect(schema.required).toEqual(["message", "networks"]);
    expect(schema.additionalProperties).toBe(false);
  });
});

describe("buildPrompt", () => {
  it("states the task, the rules and the JSON answer with its schema in the system message", () => {
    const { system } = buildPrompt(parts);
    expect(system).toContain("You are the tester of Leadmetrics");
    expect(system).toContain("Test things.");
    expect(system).toContain("- Be brief.");
    expect(system).toContain(
      `${JSON_ANSWER_INSTRUCTION}\nJSON Schema:\n${JSON.stringify(outputJsonSchema({ output }))}`,
    );
    expect(system).toContain("There is no brand profile yet");
  });

  it("lists the brief, leaving out what is absent and fencing multi-line text", () => {
    const { user } = buildPrompt(parts);
    expect(user).toBe(
      'Brief:\nTopic: Cold brew\nKeywords: a; b\nCount: 3\nNotes:\n"""\nline one\nline two\n"""\n\nWrite it. Answer with the JSON object only.',
    );
  });

  it("adds the brand block when there is a brand profile", () => {
    const { system } = buildPrompt({ ...parts, brand });
    expect(system).toContain(brandBlock(brand));
    expect(system).not.toContain("There is no brand profile yet");
  });
});

describe("brandBlock", () => {
  it("carries the business, audiences, offerings, voice and keywords", () => {
    expect(brandBlock(brand)).toBe(
      [
        "Brand profile (write as this business, in this voice):",
        "Business: Bean There Coffee (Food and drink)",
        `Summary: ${brand.summary}`,
        "Audiences: Home brewers who want café-quality coffee; Small offices choosing a coffee supplier",
        "Offerings: Specialty coffee beans; Brewing gear; Barista courses",
        "Differentiators: Roasted weekly in Leeds; Courses limited to six people",
        "Voice tone: Warm; Knowledgeable; Playful",
        "Voice — do: Explain brewing terms the first time they appear; Use the reader's own words",
        "Voice — avoid: Coffee snobbery; Exclamation marks",
        "Keywords: specialty coffee Leeds; coffee beans online; barista course",
      ].join("\n"),
    );
  });

  it("carries the words to use and to avoid, and each example of the voice", () => {
    const block = brandBlock({
      ...brand,
      voice: { ...brand.voice, wordsToUse: ["freshly roasted"], wordsToAvoid: ["cheap", "best ever"] },
      examples: ["Roasted on Monday, in your cup by Wednesday.", "Line one\nline two"],
    });
    expect(block).toContain("Words to use: freshly roasted");
    expect(block).toContain("Words never to use: cheap; best ever");
    expect(block).toContain("Example 1 of the voice: Roasted on Monday, in your cup by Wednesday.");
    expect(block).toContain('Example 2 of the voice:\n"""\nLine one\nline two\n"""');
  });

  it("leaves out an empty list", () => {
    expect(brandBlock({ ...brand, voice: { ...brand.voice, avoid: [] } })).not.toContain("avoid");
  });
});
