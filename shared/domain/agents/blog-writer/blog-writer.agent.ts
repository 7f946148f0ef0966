/**
 * `blog-writer`: a search-ready blog post on a topic — title, meta description, slug, outline,
 * Markdown article, FAQ and keywords. Every request is a new run: a reviewer's rejection comes back
 * as a revision with their feedback and the draft it is about.
 */
import * as z from "zod/mini";
import { defineAgent } from "#shared/domain/agents/agent";
import { clip } from "#shared/domain/text/clip";
import { lazySchema, line, lines, list, setByPlatform, text } from "../fields.ts";
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

export const blogWriterInput = lazySchema(() =>
  z
    .strictObject({
      topic: line(200, 3),
      /** Target keywords, the primary one first. */
      keywords: lines(60, { min: 1, max: 10 }),
      audience: z.optional(line(300)),
      length: z._default(z.enum(LENGTHS), "medium"),
      /** The reviewer's (or the tenant's) feedback: what to change. */
      feedback: z.optional(setByPlatform(text(4000))),
      /** The draft a revision revises. */
      revisionOf: z.optional(
        setByPlatform(
          z.strictObject({
            runId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)),
            title: line(200),
            article: text(40_000),
          }),
        ),
      ),
    })
    .check(
      z.refine((input) => !input.revisionOf || input.feedback !== undefined, {
        message: "A revision needs the feedback it answers",
        path: ["feedback"],
      }),
    ),
);

export const blogPostOutput = lazySchema(() =>
  z
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
    ),
);
export type BlogPost = z.output<ReturnType<typeof blogPostOutput>>;

export const blogWriterAgent = defineAgent({
  role: "blog-writer",
  title: "Blog writer",
  description:
    "Writes a search-ready blog post — title, meta description, slug, outline, Markdown article, FAQ and keywords — and revises it on feedback.",
  profile: "long",
  get input() {
    return blogWriterInput();
  },
  get output() {
    return blogPostOutput();
  },
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
});
