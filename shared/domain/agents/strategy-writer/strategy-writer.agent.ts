/**
 * `strategy-writer`: the tenant's marketing strategy for a planning period and focus — SMART goals,
 * audiences, channels, a week-by-week content plan, KPIs and risks.
 */
import * as z from "zod/mini";
import { defineAgent } from "#shared/domain/agents/agent";
import { line, lines, list, text } from "../fields.ts";
import { clip, draftFacts, draftWriter, fill, listPhrase, markOffline, oneLine, unique } from "../offline.ts";
import { buildPrompt } from "../prompt.ts";
import { PERIOD_PATTERN, planningPeriod } from "./period.ts";

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

export const strategyWriterInput = z.strictObject({
  /** `2026`, `2026-H1`, `2026-Q3` or `2026-07`. */
  period: z.string().check(z.trim(), z.regex(PERIOD_PATTERN)),
  /** What the period is about: "launch of the spring menu", "more B2B leads". */
  focus: line(300),
  goals: z.optional(lines(300, { min: 1, max: 6 })),
  /** Channels the tenant wants used (others may be proposed). */
  channels: z.optional(lines(60, { min: 1, max: 10 })),
  budget: z.optional(line(200)),
  notes: z.optional(text(4000)),
});

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

export const strategyOutput = z.object({
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
export type Strategy = z.output<typeof strategyOutput>;

/** What a goal's wording suggests measuring, first match wins. */
const METRICS: readonly [RegExp, string, string][] = [
  [/lead|enquir|inquir|demo|quote/i, "Qualified leads per month", "CRM, leads by source"],
  [/book|appointment|reservation/i, "Bookings per month", "Booking system"],
  [/traffic|visit|seo|search|rank/i, "Organic sessions per month", "Web analytics"],
  [/sale|sell|revenue|order|customer|client/i, "Marketing-sourced revenue", "CRM, closed deals by source"],
  [/email|newsletter|subscri/i, "Newsletter subscribers", "E-mail platform"],
  [/follow|social|engag|communit/i, "Social engagement rate", "Social network analytics"],
  [/aware|brand|reach|visib/i, "Branded search impressions", "Search console"],
];

const CHANNEL_ROLES: readonly [RegExp, string, string, (typeof CONTENT_FORMATS)[number]][] = [
  [
    /blog|website|seo/i,
    "Answers the questions {audience} ask and earns search traffic",
    "1 post a week",
    "blog-post",
  ],
  [/linkedin/i, "Builds credibility with decision makers", "3 posts a week", "social-post"],
  [/e-?mail|newsletter/i, "Turns readers into enquiries", "2 issues a month", "email"],
  [/instagram/i, "Shows the work and the people behind {name}", "3 posts a week", "social-post"],
  [/facebook/i, "Keeps the local community close", "3 posts a week", "social-post"],
  [/^x$|twitter/i, "Joins the conversation on {keyword}", "1 post a day", "social-post"],
  [/youtube|video|tiktok/i, "Explains {topic} in short videos", "2 videos a month", "video"],
  [/ads?\b|ppc|paid/i, "Reaches new {audience} at the moment of need", "Always on, reviewed weekly", "ad"],
  [/webinar|event/i, "Meets prospects live", "1 a month", "webinar"],
];

const THEMES = [
  "Foundations: why {topic} matters",
  "Answering the top questions of {audience}",
  "Proof: results and stories",
  "How-to: {keyword} step by step",
  "Behind the scenes at {name}",
  "Myths about {keyword}",
  "Planning ahead with {topic}",
  "Quick wins for {audience}",
  "Lessons learned so far",
  "Tools and checklists",
  "Community and partners",
  "What is next for {topic}",
  "Recap and results",
] as const;

const LONG_TITLES = [
  "{topic}: a practical guide for {audience}",
  "5 questions {audience} ask about {keyword}",
  "How {name} approaches {keyword}",
  "A checklist for {keyword}",
  "What good {keyword} looks like, with examples",
  "The mistakes {audience} make with {topic}, and the fixes",
] as const;

const SHORT_TITLES = [
  "Quick tip: {keyword}",
  "Question of the week on {topic}",
  "Behind the scenes: {topic} at {name}",
  "One myth about {keyword}, busted",
  "A customer's view of {topic}",
] as const;

const RISKS = [
  [
    "Not enough time to publish the plan every week",
    "Batch-produce two weeks ahead and keep a reserve of evergreen pieces",
  ],
  [
    "A channel does not reach {audience} as expected",
    "Review channel results monthly and move effort to what performs",
  ],
  [
    "Results cannot be attributed to the work",
    "Tag every link with UTM parameters and record each lead's source",
  ],
] as const;

export const strategyWriterAgent = defineAgent({
  role: "strategy-writer",
  title: "Strategy writer",
  description:
    "Writes the marketing strategy for a planning period: SMART goals, audiences, channels, a week-by-week content plan, KPIs and risks.",
  profile: "long",
  input: strategyWriterInput,
  output: strategyOutput,
  produces: "strategy",
  creditPrice: 5,
  runs: "idempotent",
  subject: (input) => `${input.period}:${oneLine(input.focus).toLocaleLowerCase()}`,
  maxOutputTokens: 12_000,

  prompt({ input, brand }) {
    const period = planningPeriod(input.period);
    const weeks = Math.min(period.weeks, CONTENT_PLAN_WEEKS);
    return buildPrompt({
      title: "marketing strategist",
      task: `Write the business's marketing strategy for ${period.label} (${period.start} to ${period.end}), focused on the brief's focus.`,
      rules: [
        "Goals are SMART: each names a metric, a numeric or percentage target and a deadline (YYYY-MM-DD) within the period.",
        "Audiences say what each group needs and where to reach it.",
        "Channels say what each one is for and how often to publish; prefer the channels the brief names and add others only with a reason.",
        `The content plan covers weeks 1 to ${weeks}, in order, 1–3 items a week; every item names its channel, format and the goal it serves.`,
        "KPIs are measurable and say where they are measured; risks come with a concrete mitigation.",
        "Be specific to this business; no generic filler.",
      ],
      brief: [
        ["Period", `${input.period}: ${period.label}, ${period.start} to ${period.end}`],
        ["Focus", input.focus],
        ["Goals", input.goals],
        ["Preferred channels", input.channels],
        ["Budget", input.budget],
        ["Notes", input.notes],
      ],
      ask: "Write the strategy now.",
      output: strategyOutput,
      brand,
    });
  },

  offlineDraft(context) {
    const { input, brand } = context;
    const period = planningPeriod(input.period);
    const facts = draftFacts(brand, { topic: input.focus });
    const writer = draftWriter(context, facts);
    const goalTexts = input.goals ?? [
      `Grow enquiries from ${facts.topic}`,
      `Build awareness of ${facts.name} among ${facts.audience}`,
    ];
    const goals = goalTexts.map((text, index) => {
      const [, metric = "Conversions from marketing"] = METRICS.find(([pattern]) => pattern.test(text)) ?? [];
      return {
        goal: clip(oneLine(text), 300),
        metric,
        target: `${writer.pick(`target:${index}`, ["+15%", "+20%", "+25%", "+30%"])} on the previous period`,
        deadline: period.end,
      };
    });
    const channelNames = unique(input.channels ?? ["Blog", "LinkedIn", "Email newsletter"]);
    const channels = channelNames.map((name, index) => {
      const known = CHANNEL_ROLES.find(([pattern]) => pattern.test(name));
      const vars = writer.vars(`channel:${index}`);
      return {
        name,
        role: clip(fill(known?.[1] ?? "Reaches {audience} with {topic}", vars), 300),
        cadence: known?.[2] ?? "Weekly",
        format: known?.[3] ?? ("other" as const),
      };
    });
    const [lead = channels[0], ...others] = [
      ...channels.filter((c) => c.format !== "social-post"),
      ...channels.filter((c) => c.format === "social-post"),
    ];
    const themes = writer.shuffle("themes", THEMES);
    const weeks = Math.min(period.weeks, CONTENT_PLAN_WEEKS);
    const contentPlan = Array.from({ length: weeks }, (_, index) => {
      const week = index + 1;
      const item = (kind: string, channel: (typeof channels)[number], titles: readonly string[]) => ({
        title: clip(writer.sentence(`${kind}:${week}`, titles), 160),
        channel: channel.name,
        format: channel.format,
        goal:
          goals[(index + (kind === "short" ? 1 : 0)) % goals.length]?.goal ?? goals[0]?.goal ?? facts.topic,
      });
      const items = lead ? [item("long", lead, LONG_TITLES)] : [];
      const social = others[index % Math.max(others.length, 1)];
      if (social) items.push(item("short", social, SHORT_TITLES));
      return {
        week,
        theme: clip(fill(themes[index % themes.length] ?? THEMES[0], writer.vars(`theme:${week}`)), 160),
        items,
      };
    });
    const kpis = [
      ...goals.map((g) => ({
        name: g.metric,
        target: g.target,
        measurement: METRICS.find(([, metric]) => metric === g.metric)?.[2] ?? "Web analytics and CRM",
      })),
      {
        name: "Content published on plan",
        target: "100% of planned items",
        measurement: "Leadmetrics content calendar",
      },
    ].filter((kpi, index, all) => all.findIndex((other) => other.name === kpi.name) === index);
    const risks = [
      ...RISKS.map(([risk, mitigation], index) => ({
        risk: clip(fill(risk, writer.vars(`risk:${index}`)), 300),
        likelihood: writer.pick(`likelihood:${index}`, ["low", "medium", "high"] as const),
        mitigation,
      })),
      ...(input.budget
        ? [
            {
              risk: clip(`The budget (${oneLine(input.budget)}) does not stretch to every channel`, 300),
              likelihood: "medium" as const,
              mitigation:
                "Fund the two best-performing channels first and pause the rest at mid-period review",
            },
          ]
        : []),
    ];
    const summary = [
      `For ${period.label}, ${facts.name} will focus on ${facts.topic}.`,
      `The plan pursues ${goals.length} goal${goals.length > 1 ? "s" : ""} (${listPhrase(goals.map((g) => `${g.metric.toLocaleLowerCase()} ${g.target}`))}) through ${listPhrase(channels.map((c) => c.name))}.`,
      writer.paragraph("summary", 2),
    ].join(" ");
    return {
      executiveSummary: clip(markOffline(summary), 3000),
      goals,
      audiences: (brand?.audiences ?? [facts.audience]).slice(0, 3).map((name, index) => ({
        name: clip(oneLine(name), 120),
        needs: [
          clip(`Clear answers about ${facts.topic}`, 200),
          writer.pick(`need:${index}`, [
            "Proof that the approach works for people like them",
            "A simple next step that fits their time and budget",
            "Advice they can act on without a specialist",
          ]),
        ],
        channels: writer.shuffle(`audience:${index}`, channelNames).slice(0, 2),
      })),
      channels: channels.map(({ name, role, cadence }) => ({ name, role, cadence })),
      contentPlan,
      kpis,
      risks,
    };
  },
});
