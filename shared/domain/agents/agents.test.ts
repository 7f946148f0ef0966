import { describe, expect, it } from "vitest";
import { safeParse } from "zod/v4/core";
import { OFFLINE_MARKER } from "./offline.ts";
import { JSON_ANSWER_INSTRUCTION, outputJsonSchema } from "./prompt.ts";
import { BRANDS, BRIEFS, contextFor } from "./testing/fixtures.ts";
import { AGENT_WORKERS } from "./worker-catalog.ts";

/** The main text of each kind of draft: where the offline marker must show. */
const MAIN_TEXT: Record<string, (draft: never) => string[]> = {
  setup: (d: { summary: string }) => [d.summary],
  "strategy-writer": (d: { executiveSummary: string }) => [d.executiveSummary],
  "blog-writer": (d: { article: string }) => [d.article],
  "social-post-writer": (d: { posts: { text: string }[] }) => d.posts.map((p) => p.text),
};

/** Every string a brief holds for the model, however deeply nested (a run id is not for the model). */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value.trim()];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, v]) => (key === "runId" ? [] : strings(v)));
  }
  return [];
}

/** `setup` writes the brand profile from the answers alone, so it neither prompts nor drafts with one. */
const usesBrand = (role: string) => role !== "setup";

const cases = AGENT_WORKERS.flatMap((agent) =>
  (BRIEFS[agent.role] ?? []).flatMap(([brief, input]) =>
    BRANDS.map(([brandName, brand]) => ({ agent, brief, input, brandName, brand })),
  ),
);

describe("every agent", () => {
  it("has briefs to be tested with", () => {
    for (const agent of AGENT_WORKERS)
      expect(BRIEFS[agent.role]?.length, agent.role).toBeGreaterThanOrEqual(4);
  });

  describe.each(cases)("$agent.role, $brief, with $brandName", ({ agent, input, brand }) => {
    const context = contextFor(agent, input, brand);

    it("drafts offline an answer its output schema accepts", () => {
      const result = safeParse(agent.output, agent.offlineDraft(context));
      expect(result.error?.issues ?? []).toEqual([]);
    });

    it("drafts the same answer for the same context", () => {
      const again = contextFor(agent, structuredClone(input), brand && structuredClone(brand));
      expect(agent.offlineDraft(again)).toEqual(agent.offlineDraft(context));
    });

    it("labels the draft as an offline draft at the start of its main text", () => {
      const texts = MAIN_TEXT[agent.role]?.(agent.offlineDraft(context) as never) ?? [];
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) expect(text.startsWith(OFFLINE_MARKER)).toBe(true);
    });

    it("drafts text the schema leaves as it is (trimmed, within bounds)", () => {
      const draft = agent.offlineDraft(context);
      const parsed = safeParse(agent.output, draft);
      expect(parsed.data).toEqual(draft);
    });

    it("prompts with the brief, the JSON answer instruction and the output's JSON Schema", () => {
      const { system, user } = agent.prompt(context);
      for (const value of strings(context.input)) expect(user).toContain(value);
      expect(system).toContain(JSON_ANSWER_INSTRUCTION);
      expect(system).toContain(JSON.stringify(outputJsonSchema(agent)));
    });

    it(
      brand && usesBrand(agent.role) ? "prompts in the brand's voice" : "prompts without a brand block",
      () => {
        const { system } = agent.prompt(context);
        if (brand && usesBrand(agent.role)) {
          expect(system).toContain(brand.businessName);
          for (const value of [
            ...brand.voice.tone,
            ...brand.voice.do,
            ...brand.voice.avoid,
            ...brand.keywords,
          ]) {
            expect(system).toContain(value);
          }
          for (const audience of brand.audiences) expect(system).toContain(audience);
        } else {
          expect(system).not.toContain("Brand profile");
          expect(system).toContain("no brand profile");
        }
      },
    );
  });

  it.each(AGENT_WORKERS.map((agent) => [agent.role, agent]))(
    "%s drafts differently for different briefs",
    (_role, agent) => {
      for (const [, brand] of BRANDS) {
        const drafts = (BRIEFS[agent.role] ?? []).map(([, input]) =>
          JSON.stringify(agent.offlineDraft(contextFor(agent, input, brand))),
        );
        expect(new Set(drafts).size).toBe(drafts.length);
      }
    },
  );

  it.each(AGENT_WORKERS.map((agent) => [agent.role, agent]))(
    "%s drafts differently with and without a brand profile (setup: the same)",
    (role, agent) => {
      const [, input] = BRIEFS[agent.role]?.[1] ?? [];
      const drafts = BRANDS.map(([, brand]) =>
        JSON.stringify(agent.offlineDraft(contextFor(agent, input, brand))),
      );
      expect(new Set(drafts).size).toBe(usesBrand(role) ? BRANDS.length : 1);
    },
  );

  it.each(AGENT_WORKERS.map((agent) => [agent.role, agent]))(
    "%s answers with a JSON object",
    (_role, agent) => {
      expect(outputJsonSchema(agent)).toMatchObject({ type: "object", additionalProperties: false });
    },
  );
});
