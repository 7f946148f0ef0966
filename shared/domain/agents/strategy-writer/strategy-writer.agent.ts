/**
 * `strategy-writer`: the tenant's marketing strategy for a planning period and focus — SMART goals,
 * audiences, channels, a week-by-week content plan, KPIs and risks.
 */
import * as z from "zod/mini";
import { defineAgent } from "#shared/domain/agents/agent";
import { oneLine } from "#shared/domain/text/clip";
import { lazySchema, line, lines, list, text } from "../fields.ts";
import { PERIOD_PATTERN } from "./period.ts";

/** The content plan covers at most this many weeks (a quarter); a longer period gets its first quarter. */
export const CONTENT_PLAN_WEEKS = 13;

export const CONTENT_FORMATS = [
  "blog-post",
  "social-post",
  "email",
  "video",
  "landing-page",
  "case-study",
  "guide",
  "webinar",
  "ad",
  "other",
] as const;

export const strategyWriterInput = lazySchema(() =>
  z.strictObject({
    /** `2026`, `2026-H1`, `2026-Q3` or `2026-07`. */
    period: z.string().check(z.trim(), z.regex(PERIOD_PATTERN)),
    /** What the period is about: "launch of the spring menu", "more B2B leads". */
    focus: line(300),
    goals: z.optional(lines(300, { min: 1, max: 6 })),
    /** Channels the tenant wants used (others may be proposed). */
    channels: z.optional(lines(60, { min: 1, max: 10 })),
    budget: z.optional(line(200)),
    notes: z.optional(text(4000)),
  }),
);

export const strategyOutput = lazySchema(() => {
  const goal = z.object({
    goal: line(300),
    /** What is measured: "Qualified leads per month". */
    metric: line(120),
    /** The number to reach: "120", "+25% on Q2". */
    target: line(120),
    deadline: z.iso.date(),
  });

  const planItem = z.object({
    title: line(160),
    channel: line(60),
    format: z.enum(CONTENT_FORMATS),
    /** Which goal the item serves. */
    goal: line(300),
  });

  const planWeek = z.object({
    week: z.int().check(z.minimum(1), z.maximum(CONTENT_PLAN_WEEKS)),
    theme: line(160),
    items: list(planItem, { min: 1, max: 7 }),
  });

  return z.object({
    executiveSummary: text(3000),
    goals: list(goal, { min: 1, max: 6 }),
    audiences: list(
      z.object({
        name: line(120),
        needs: lines(200, { min: 1, max: 6 }),
        channels: lines(60, { min: 1, max: 6 }),
      }),
      { min: 1, max: 6 },
    ),
    channels: list(z.object({ name: line(60), role: line(300), cadence: line(120) }), { min: 1, max: 10 }),
    contentPlan: list(planWeek, { min: 1, max: CONTENT_PLAN_WEEKS }).check(
      z.refine((weeks) => weeks.every((week, i) => i === 0 || week.week > (weeks[i - 1]?.week ?? 0)), {
        message: "Content plan weeks must be in increasing order, each week once",
      }),
    ),
    kpis: list(z.object({ name: line(120), target: line(120), measurement: line(200) }), { min: 1, max: 10 }),
    risks: list(
      z.object({ risk: line(300), likelihood: z.enum(["low", "medium", "high"]), mitigation: line(300) }),
      { min: 1, max: 8 },
    ),
  });
});
export type Strategy = z.output<ReturnType<typeof strategyOutput>>;

export const strategyWriterAgent = defineAgent({
  role: "strategy-writer",
  title: "Strategy writer",
  description:
    "Writes the marketing strategy for a planning period: SMART goals, audiences, channels, a week-by-week content plan, KPIs and risks.",
  profile: "long",
  get input() {
    return strategyWriterInput();
  },
  get output() {
    return strategyOutput();
  },
  produces: "strategy",
  creditPrice: 5,
  runs: "idempotent",
  subject: (input) => `${input.period}:${oneLine(input.focus).toLocaleLowerCase()}`,
  maxOutputTokens: 12_000,
});
