import { describe, expect, it } from "vitest";
import { safeParse } from "zod/v4/core";
import { inputJsonSchema } from "../prompt.ts";
import { BRIEFS, brand, contextFor } from "../testing/fixtures.ts";
import {
  BLOG_LENGTHS,
  type BlogPost,
  blogPostOutput,
  blogWriterAgent,
  blogWriterInput,
} from "./blog-writer.agent.ts";
import { blogWriterWorker } from "./blog-writer.prompt.ts";
import { markdownHeadings } from "./markdown.ts";

const brief = { topic: "How to choose a burr grinder", keywords: ["burr grinder"] };
const draftFor = (input: unknown) =>
  blogWriterWorker.offlineDraft(contextFor(blogWriterWorker, input, brand)) as BlogPost;
const revision = {
  ...brief,
  feedback: "Add a section on budget grinders.",
  revisionOf: { runId: "01JD5Q4Z8X9Y0ABCDEFGHJKMNP", title: "Old title", article: "## Old\n\nOld text." },
};

describe("blog-writer", () => {
  it("is a long run, new on every request (revisions), that produces a blog post for 3 credits", () => {
    expect(blogWriterAgent).toMatchObject({
      role: "blog-writer",
      profile: "long",
      runs: "always-new",
      produces: "blog-post",
      creditPrice: 3,
    });
  });

  it("tells clients that a revision's feedback and draft are the platform's to set, and still accepts them", () => {
    const properties = inputJsonSchema(blogWriterAgent).properties as Record<string, { readOnly?: boolean }>;
    expect(properties.feedback?.readOnly).toBe(true);
    expect(properties.revisionOf?.readOnly).toBe(true);
    expect(properties.topic?.readOnly).toBeUndefined();
    expect(safeParse(blogWriterInput(), revision).success).toBe(true);
  });

  it("writes a medium post unless told otherwise", () => {
    expect(safeParse(blogWriterInput(), brief).data?.length).toBe("medium");
  });

  it.each([
    ["an unknown key", { ...brief, tone: "fun" }],
    ["a two-character topic", { ...brief, topic: "AI" }],
    ["a 201-character topic", { ...brief, topic: "t".repeat(201) }],
    ["no keywords", { ...brief, keywords: [] }],
    ["eleven keywords", { ...brief, keywords: Array.from({ length: 11 }, (_, i) => `k${i}`) }],
    ["a 61-character keyword", { ...brief, keywords: ["k".repeat(61)] }],
    ["an unknown length", { ...brief, length: "huge" }],
    ["a revision without feedback", { ...revision, feedback: undefined }],
    [
      "a revision of a run id with a slash",
      { ...revision, revisionOf: { ...revision.revisionOf, runId: "a/b" } },
    ],
    ["feedback over 4,000 characters", { ...brief, feedback: "f".repeat(4001) }],
  ])("rejects a brief with %s", (_case, input) => {
    expect(safeParse(blogWriterInput(), input).success).toBe(false);
  });

  it.each(Object.entries(BLOG_LENGTHS))(
    "drafts a %s post with its number of sections and questions",
    (length, spec) => {
      const post = draftFor({ ...brief, length });
      expect(post.outline).toHaveLength(spec.sections);
      expect(post.faq).toHaveLength(spec.faq);
      expect(markdownHeadings(post.article)).toEqual(post.outline);
    },
  );

  it("puts the primary keyword in the title and the meta description", () => {
    const post = draftFor({ ...brief, keywords: ["burr grinder", "coffee grinder"] });
    expect(post.title.toLowerCase()).toContain("burr grinder");
    expect(post.metaDescription.toLowerCase()).toContain("burr grinder");
    expect(post.slug).toMatch(/^[a-z0-9-]+$/);
  });

  it("keeps a long topic's title, meta description and headings within bounds", () => {
    const post = draftFor(BRIEFS["blog-writer"]?.[2]?.[1]);
    expect(post.title.length).toBeLessThanOrEqual(70);
    expect(post.metaDescription.length).toBeLessThanOrEqual(160);
    for (const heading of post.outline) expect(heading.length).toBeLessThanOrEqual(120);
  });

  it("drafts a revision that says which feedback it answers", () => {
    const post = draftFor(revision);
    expect(post.article).toContain("Add a section on budget grinders.");
    expect(post).not.toEqual(draftFor({ ...revision, feedback: "Shorter, please." }));
  });

  it("prompts a revision with the feedback and the previous draft", () => {
    const { system, user } = blogWriterWorker.prompt(contextFor(blogWriterWorker, revision));
    expect(system).toContain("Revise a blog post draft");
    expect(user).toContain("Feedback: Add a section on budget grinders.");
    expect(user).toContain("Previous title: Old title");
    expect(user).toContain('Previous article:\n"""\n## Old\n\nOld text.\n"""');
  });

  describe("its output schema", () => {
    const post = draftFor(brief);

    it("rejects an article without one of the outline's headings", () => {
      const result = safeParse(blogPostOutput(), {
        ...post,
        outline: [...post.outline, "A heading nowhere"],
      });
      expect(result.error?.issues).toEqual([
        expect.objectContaining({
          path: ["outline", post.outline.length],
          message: expect.stringContaining("A heading nowhere"),
        }),
      ]);
    });

    it("matches headings whatever their level, case or closing hashes", () => {
      const [first = "", ...rest] = post.outline;
      const article = post.article.replace(`## ${first}`, `### ${first.toUpperCase()} ###`);
      expect(safeParse(blogPostOutput(), { ...post, article, outline: [first, ...rest] }).success).toBe(true);
    });

    it.each([
      ["a 71-character title", { title: "t".repeat(71) }],
      ["a 161-character meta description", { metaDescription: "m".repeat(161) }],
      ["a slug with capitals", { slug: "Burr-Grinder" }],
      ["a slug with a double hyphen", { slug: "burr--grinder" }],
      ["an 81-character slug", { slug: "s".repeat(81) }],
      ["a one-heading outline", { outline: ["Next steps"] }],
      ["a two-line heading", { outline: ["Next\nsteps", "Why"] }],
      ["no keywords", { keywords: [] }],
    ])("rejects %s", (_case, change) => {
      expect(safeParse(blogPostOutput(), { ...post, ...change }).success).toBe(false);
    });
  });
});
