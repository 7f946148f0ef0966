/**
 * How `blog-writer` asks a model for its answer, and the offline model's draft: the workers' part of the
 * agent (blog-writer.agent.ts holds its definition, which the API loads alone).
 */
import { defineWorker } from "#shared/domain/agents/agent";
import { clip, oneLine } from "#shared/domain/text/clip";
import {
  capitalize,
  decapitalize,
  draftFacts,
  draftWriter,
  fill,
  markOffline,
  slugify,
  stableHash,
  unique,
} from "../offline.ts";
import { buildPrompt } from "../prompt.ts";
import { BLOG_LENGTHS, blogPostOutput, blogWriterAgent } from "./blog-writer.agent.ts";

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

/** How `blog-writer` prompts, and its offline draft. */
export const blogWriterWorker = defineWorker(blogWriterAgent, {
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
      output: blogPostOutput(),
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
