/**
 * `blog-writer`: a search-ready blog post on a topic — title, meta description, slug, outline,
 * Markdown article, FAQ and keywords. Every request is a new run: a reviewer's rejection comes back
 * as a revision with their feedback and the draft it is about.
 */
import * as z from "zod/mini";
import { defineAgent } from "#shared/domain/agents/agent";
import { line, lines, list, text } from "../fields.ts";
import {
  capitalize,
  clip,
  decapitalize,
  draftFacts,
  draftWriter,
  fill,
  markOffline,
  oneLine,
  slugify,
  stableHash,
  unique,
} from "../offline.ts";
import { buildPrompt } from "../prompt.ts";
import { headingKey, markdownHeadings } from "./markdown.ts";

/** What each length asks for, and how the offline draft is shaped. */
export const BLOG_LENGTHS = {
  short: { words: 600, sections: 3, paragraphs: 1, faq: 2 },
  medium: { words: 1200, sections: 5, paragraphs: 2, faq: 3 },
  long: { words: 2000, sections: 7, paragraphs: 3, faq: 4 },
} as const;
export type BlogLength = keyof typeof BLOG_LENGTHS;

const LENGTHS = Object.keys(BLOG_LENGTHS) as [BlogLength, ...BlogLength[]];

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const blogWriterInput = z
  .strictObject({
    topic: line(200, 3),
    /** Target keywords, the primary one first. */
    keywords: lines(60, { min: 1, max: 10 }),
    audience: z.optional(line(300)),
    length: z._default(z.enum(LENGTHS), "medium"),
    /** The reviewer's (or the tenant's) feedback: what to change. */
    feedback: z.optional(text(4000)),
    /** The draft a revision revises. */
    revisionOf: z.optional(
      z.strictObject({
        runId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)),
        title: line(200),
        article: text(40_000),
      }),
    ),
  })
  .check(
    z.refine((input) => !input.revisionOf || input.feedback !== undefined, {
      message: "A revision needs the feedback it answers",
      path: ["feedback"],
    }),
  );

export const blogPostOutput = z
  .object({
    title: line(70),
    metaDescription: line(160),
    slug: z.string().check(z.maxLength(80), z.regex(SLUG_PATTERN)),
    /** The article's section headings, in order. */
    outline: lines(120, { min: 2, max: 12 }),
    /** Markdown; each outline entry is one of its headings. */
    article: text(40_000),
    faq: list(z.object({ question: line(200), answer: text(1000) }), { min: 0, max: 8 }),
    keywords: lines(60, { min: 1, max: 15 }),
  })
  .check(
    z.superRefine((post, ctx) => {
      const headings = new Set(markdownHeadings(post.article).map(headingKey));
      for (const [index, heading] of post.outline.entries()) {
        if (!headings.has(headingKey(heading))) {
          ctx.addIssue({
            code: "custom",
            path: ["outline", index],
            message: `The article has no heading "${heading}"`,
          });
        }
      }
    }),
  );
export type BlogPost = z.output<typeof blogPostOutput>;

const TITLES = [
  "{keyword}: a practical guide",
  "{keyword}, explained for {audience}",
  "How to get {keyword} right",
  "{keyword}: what {audience} should know",
  "{keyword}: a guide from {name}",
] as const;

const HEADINGS = [
  "Why {topic} matters",
  "What {audience} should know about {keyword}",
  "Common mistakes with {keyword}",
  "How {name} approaches {topic}",
  "A step-by-step plan for {keyword}",
  "How to measure results",
  "Questions to ask before you start",
  "What it costs, and what it saves",
  "A real-world example",
  "Next steps",
] as const;

const QUESTIONS = [
  "What is {keyword}?",
  "How long does {topic} take to show results?",
  "Is {keyword} worth it for {audience}?",
  "How can {name} help with {topic}?",
  "Where should I start with {keyword}?",
  "What does {keyword} cost?",
] as const;

export const blogWriterAgent = defineAgent({
  role: "blog-writer",
  title: "Blog writer",
  description:
    "Writes a search-ready blog post — title, meta description, slug, outline, Markdown article, FAQ and keywords — and revises it on feedback.",
  profile: "long",
  input: blogWriterInput,
  output: blogPostOutput,
  produces: "blog-post",
  creditPrice: 3,
  runs: "always-new",
  revisedRun: (input) => input.revisionOf?.runId,
  revise: (brief, { runId, feedback, previous }) => ({
    ...brief,
    feedback: clip(feedback, 4000),
    revisionOf: { runId, title: previous.title, article: previous.article },
  }),
  maxOutputTokens: 8_000,

  prompt({ input, brand }) {
    const spec = BLOG_LENGTHS[input.length];
    return buildPrompt({
      title: "blog writer",
      task: input.revisionOf
        ? "Revise a blog post draft according to the reviewer's feedback: change what the feedback asks, keep what it does not question."
        : "Write a blog post on the brief's topic that answers the audience's real questions and ranks for the target keywords.",
      rules: [
        "The title is at most 70 characters and the meta description at most 160; both contain the primary (first) keyword.",
        "The slug is lowercase ASCII words joined by hyphens, at most 80 characters.",
        "The outline lists the article's section headings in order; the article (Markdown) uses each of them, verbatim, as a '## ' heading.",
        `Aim for about ${spec.words} words; short paragraphs, concrete examples, no filler.`,
        "Use the primary keyword in the first paragraph and in one heading; use the others where they fit naturally.",
        "The FAQ answers questions the article does not already answer in full.",
        "Do not invent statistics, quotes or customer names.",
      ],
      brief: [
        ["Topic", input.topic],
        ["Target keywords (primary first)", input.keywords],
        ["Audience", input.audience],
        ["Length", `${input.length} (about ${spec.words} words)`],
        ["Feedback", input.feedback],
        ["Previous title", input.revisionOf?.title],
        ["Previous article", input.revisionOf?.article],
      ],
      ask: input.revisionOf ? "Write the revised blog post now." : "Write the blog post now.",
      output: blogPostOutput,
      brand,
    });
  },

  offlineDraft(context) {
    const { input, brand } = context;
    const spec = BLOG_LENGTHS[input.length];
    const facts = draftFacts(brand, {
      topic: input.topic,
      audience: input.audience,
      keywords: input.keywords,
    });
    const writer = draftWriter(context, facts);
    // Short parts, so headings and questions stay within their bounds and distinct after clipping.
    const vars = (salt: string) => {
      const all = writer.vars(salt);
      return { ...all, topic: clip(all.topic ?? "", 60), keyword: clip(all.keyword ?? "", 40) };
    };
    const primary = oneLine(input.keywords[0] ?? facts.topic);
    // The primary keyword belongs in the title and the meta description.
    const titleVars = { ...vars("title"), keyword: clip(decapitalize(primary), 40) };
    const titles = TITLES.map((t) => capitalize(fill(t, titleVars))).filter((t) => t.length <= 70);
    const title = titles.length > 0 ? writer.pick("title", titles) : clip(capitalize(facts.topic), 70);
    const outline = unique(
      writer
        .shuffle("outline", HEADINGS.slice(0, -1))
        .slice(0, spec.sections - 1)
        .concat(HEADINGS.at(-1) ?? "Next steps")
        .map((heading, index) => clip(capitalize(fill(heading, vars(`heading:${index}`))), 120)),
    );
    const feedback = input.feedback
      ? [`Revised after feedback: “${clip(oneLine(input.feedback), 200)}”`]
      : [];
    const intro = [writer.paragraph("intro", 3), ...feedback].join(" ");
    const sections = outline.map((heading, index) => {
      const paragraphs = Array.from({ length: spec.paragraphs }, (_, p) =>
        writer.paragraph(`section:${index}:${p}`, 3),
      );
      if (index === outline.length - 1) paragraphs.push(writer.callToAction("cta"));
      return [`## ${heading}`, ...paragraphs].join("\n\n");
    });
    const faq = writer
      .shuffle("faq", QUESTIONS)
      .slice(0, spec.faq)
      .map((question, index) => ({
        question: clip(capitalize(fill(question, vars(`faq:${index}`))), 200),
        answer: writer.paragraph(`answer:${index}`, 2),
      }));
    return {
      title,
      metaDescription: clip(
        `${capitalize(primary)} for ${facts.audience}: what matters, what to avoid and how ${facts.name} can help.`,
        160,
      ),
      slug: slugify(title) || slugify(primary) || `post-${stableHash(input.topic).slice(0, 8)}`,
      outline,
      article: [markOffline(intro), ...sections].join("\n\n"),
      faq,
      keywords: unique(
        [...input.keywords, ...(brand?.keywords ?? [])].map((k) => clip(oneLine(k), 60)),
      ).slice(0, 15),
    };
  },
});
