import { describe, expect, it } from "vitest";
import { parse, safeParse } from "zod/v4/core";
import { BRIEFS, brand, contextFor } from "../testing/fixtures.ts";
import {
  CONTENT_PLAN_WEEKS,
  type Strategy,
  strategyOutput,
  strategyWriterAgent,
  strategyWriterInput,
} from "./strategy-writer.agent.ts";
import { strategyWriterWorker } from "./strategy-writer.prompt.ts";

const brief = { period: "2026-Q3", focus: "Autumn barista course launch" };
const draftFor = (input: unknown) =>
  strategyWriterWorker.offlineDraft(contextFor(strategyWriterWorker, input, brand)) as Strategy;

describe("strategy-writer", () => {
  it("is a long, idempotent run that produces a strategy for 5 credits", () => {
    expect(strategyWriterAgent).toMatchObject({
      role: "strategy-writer",
      profile: "long",
      runs: "idempotent",
      produces: "strategy",
      creditPrice: 5,
    });
  });

  it("runs once per period and focus, whatever the focus's case and spacing", () => {
    const subject = (input: unknown) => strategyWriterAgent.subject?.(parse(strategyWriterInput(), input));
    expect(subject(brief)).toBe("2026-Q3:autumn barista course launch");
    expect(subject({ ...brief, focus: "  autumn   Barista COURSE launch ", goals: ["More"] })).toBe(
      subject(brief),
    );
    expect(subject({ ...brief, period: "2026-Q4" })).not.toBe(subject(brief));
    expect(subject({ ...brief, focus: "Winter menu" })).not.toBe(subject(brief));
  });

  it.each([
    ["an unknown key", { ...brief, audience: "everyone" }],
    ["a period that is not one", { ...brief, period: "2026-Q5" }],
    ["a period as a date", { ...brief, period: "2026-07-01" }],
    ["a 301-character focus", { ...brief, focus: "f".repeat(301) }],
    ["a two-line focus", { ...brief, focus: "one\ntwo" }],
    ["seven goals", { ...brief, goals: Array.from({ length: 7 }, (_, i) => `Goal ${i}`) }],
    ["no goals in the list", { ...brief, goals: [] }],
    ["notes over 4,000 characters", { ...brief, notes: "n".repeat(4001) }],
  ])("rejects a brief with %s", (_case, input) => {
    expect(safeParse(strategyWriterInput(), input).success).toBe(false);
  });

  it.each([
    ["2026-07", 5],
    ["2026-Q3", CONTENT_PLAN_WEEKS],
    ["2027", CONTENT_PLAN_WEEKS],
  ])("plans the weeks of %s, a quarter at most", (period, weeks) => {
    const strategy = draftFor({ ...brief, period });
    expect(strategy.contentPlan.map((w) => w.week)).toEqual(Array.from({ length: weeks }, (_, i) => i + 1));
  });

  it("sets SMART goals from the brief's goals, due at the period's end", () => {
    const strategy = draftFor(BRIEFS["strategy-writer"]?.[1]?.[1]);
    expect(strategy.goals.map((g) => g.goal)).toEqual([
      "Sell out 12 barista courses",
      "Grow newsletter subscribers to 2,000",
      "Rank for barista course",
    ]);
    for (const goal of strategy.goals) {
      expect(goal.deadline).toBe("2026-09-30");
      expect(goal.target).toMatch(/\d/);
    }
    expect(strategy.channels.map((c) => c.name)).toEqual([
      "Blog",
      "Instagram",
      "Email newsletter",
      "Google Ads",
    ]);
    expect(strategy.risks.some((r) => r.risk.includes("£2,000 a month"))).toBe(true);
  });

  it("rejects a content plan whose weeks are out of order or beyond a quarter", () => {
    const strategy = draftFor(brief);
    const [first, second] = strategy.contentPlan;
    if (!first || !second) throw new Error("a quarter has more than one week");
    expect(safeParse(strategyOutput(), { ...strategy, contentPlan: [second, first] }).success).toBe(false);
    expect(safeParse(strategyOutput(), { ...strategy, contentPlan: [first, first] }).success).toBe(false);
    expect(safeParse(strategyOutput(), { ...strategy, contentPlan: [{ ...first, week: 14 }] }).success).toBe(
      false,
    );
  });

  it("rejects a goal without a real deadline", () => {
    const strategy = draftFor(brief);
    const goals = strategy.goals.map((g) => ({ ...g, deadline: "end of Q3" }));
    expect(safeParse(strategyOutput(), { ...strategy, goals }).success).toBe(false);
  });

  it("prompts with the period's dates and the number of weeks to plan", () => {
    const { system, user } = strategyWriterWorker.prompt(
      contextFor(strategyWriterWorker, { ...brief, period: "2026-07" }),
    );
    expect(user).toContain("Period: 2026-07: July 2026, 2026-07-01 to 2026-07-31");
    expect(system).toContain("weeks 1 to 5");
  });
});
