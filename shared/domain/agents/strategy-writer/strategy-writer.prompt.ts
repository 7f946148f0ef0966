/**
 * How `strategy-writer` asks a model for its answer, and the offline model's draft: the workers' part of the
 * agent (strategy-writer.agent.ts holds its definition, which the API loads alone).
 */
import { defineWorker } from "#shared/domain/agents/agent";
import { clip, oneLine } from "#shared/domain/text/clip";
import { draftFacts, draftWriter, fill, listPhrase, markOffline, unique } from "../offline.ts";
import { buildPrompt } from "../prompt.ts";
import { planningPeriod } from "./period.ts";
import {
  type CONTENT_FORMATS,
  CONTENT_PLAN_WEEKS,
  strategyOutput,
  strategyWriterAgent,
} from "./strategy-writer.agent.ts";

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

/** How `strategy-writer` prompts, and its offline draft. */
export const strategyWriterWorker = defineWorker(strategyWriterAgent, {
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
      output: strategyOutput(),
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
