import { describe, expect, it } from "vitest";
import { safeParse } from "zod/v4/core";
import { BRIEFS, brand, contextFor } from "../testing/fixtures.ts";
import { composePost, NETWORK_LIMITS, NETWORKS, postLength } from "./networks.ts";
import {
  type SocialPost,
  socialPostSchema,
  socialPostsOutput,
  socialPostWriterAgent,
  socialPostWriterInput,
} from "./social-post-writer.agent.ts";
import { socialPostWriterWorker } from "./social-post-writer.prompt.ts";

const brief = { message: "Open day on Saturday", networks: ["x", "linkedin"] };
const draftFor = (input: unknown) =>
  (
    socialPostWriterWorker.offlineDraft(contextFor(socialPostWriterWorker, input, brand)) as {
      posts: SocialPost[];
    }
  ).posts;

describe("social-post-writer", () => {
  it("is a short run, new on every request, that produces social posts for 1 credit", () => {
    expect(socialPostWriterAgent).toMatchObject({
      role: "social-post-writer",
      profile: "short",
      runs: "always-new",
      produces: "social-posts",
      creditPrice: 1,
    });
  });

  it("writes one post per network unless told otherwise", () => {
    expect(safeParse(socialPostWriterInput(), brief).data?.countPerNetwork).toBe(1);
  });

  it.each([
    ["an unknown key", { ...brief, tone: "fun" }],
    ["no networks", { ...brief, networks: [] }],
    ["a network twice", { ...brief, networks: ["x", "x"] }],
    ["an unknown network", { ...brief, networks: ["tiktok"] }],
    ["a blank message", { ...brief, message: "   " }],
    ["a message over 1,000 characters", { ...brief, message: "m".repeat(1001) }],
    ["six posts per network", { ...brief, countPerNetwork: 6 }],
    ["no posts per network", { ...brief, countPerNetwork: 0 }],
    ["half a post per network", { ...brief, countPerNetwork: 1.5 }],
    ["an FTP link", { ...brief, link: "ftp://example.com/file" }],
    ["a link that is not one", { ...brief, link: "example dot com" }],
    ["a link over 500 characters", { ...brief, link: `https://example.com/${"a".repeat(481)}` }],
  ])("rejects a brief with %s", (_case, input) => {
    expect(safeParse(socialPostWriterInput(), input).success).toBe(false);
  });

  describe("its post schema", () => {
    it.each(NETWORKS.map((network) => [network, NETWORK_LIMITS[network]]))(
      "takes a %s post of exactly its limit (%i) and rejects one character more",
      (network, limit) => {
        expect(
          safeParse(socialPostSchema(), { network, text: "a".repeat(limit), hashtags: [] }).success,
        ).toBe(true);
        const over = safeParse(socialPostSchema(), { network, text: "a".repeat(limit + 1), hashtags: [] });
        expect(over.success).toBe(false);
      },
    );

    it("counts the hashtags as published: a blank line, then each with its #", () => {
      // 270 + "\n\n" + "#Coffee #Leeds" (14) = 286 > 280
      const post = { network: "x", text: "a".repeat(270), hashtags: ["Coffee", "Leeds"] };
      const result = safeParse(socialPostSchema(), post);
      expect(result.error?.issues).toEqual([
        expect.objectContaining({ path: ["text"], message: expect.stringContaining("this one is 286") }),
      ]);
      expect(safeParse(socialPostSchema(), { ...post, text: "a".repeat(264) }).success).toBe(true);
    });

    it("rejects 141 CJK characters on X, which X counts as 282", () => {
      expect(
        safeParse(socialPostSchema(), { network: "x", text: "パ".repeat(141), hashtags: [] }).success,
      ).toBe(false);
      expect(
        safeParse(socialPostSchema(), { network: "x", text: "パ".repeat(140), hashtags: [] }).success,
      ).toBe(true);
      expect(
        safeParse(socialPostSchema(), { network: "linkedin", text: "パ".repeat(141), hashtags: [] }).success,
      ).toBe(true);
    });

    it.each([
      ["with its #", "#Coffee"],
      ["with a space", "Coffee Leeds"],
      ["with a hyphen", "coffee-lovers"],
      ["empty", ""],
    ])("rejects a hashtag %s", (_case, hashtag) => {
      expect(
        safeParse(socialPostSchema(), { network: "linkedin", text: "Hi", hashtags: [hashtag] }).success,
      ).toBe(false);
    });

    it("takes hashtags in any script", () => {
      const post = { network: "instagram", text: "Hi", hashtags: ["下北沢パン屋", "café_lovers", "नमस्ते"] };
      expect(safeParse(socialPostSchema(), post).success).toBe(true);
    });

    it("rejects more than 30 hashtags and an answer with no posts", () => {
      const hashtags = Array.from({ length: 31 }, (_, i) => `tag${i}`);
      expect(safeParse(socialPostSchema(), { network: "linkedin", text: "Hi", hashtags }).success).toBe(
        false,
      );
      expect(safeParse(socialPostsOutput(), { posts: [] }).success).toBe(false);
    });
  });

  describe("its offline draft", () => {
    const input = BRIEFS["social-post-writer"]?.[1]?.[1] ?? {};
    const posts = draftFor(input);

    it("writes the asked number of posts for each network, in the brief's order", () => {
      expect(posts.map((p) => p.network)).toEqual(NETWORKS.flatMap((n) => [n, n, n]));
      expect(new Set(posts.map((p) => p.text)).size).toBe(posts.length);
    });

    it("links every post but Instagram's, which points to the link in bio", () => {
      for (const post of posts) {
        if (post.network === "instagram") {
          expect(post.text).not.toContain("https://");
          expect(post.text).toContain("Link in bio.");
        } else {
          expect(post.text).toContain(String(input.link));
        }
      }
    });

    it.each(BRIEFS["social-post-writer"]?.map(([name, raw]) => [name, raw]) ?? [])(
      "stays within every limit for %s",
      (_name, raw) => {
        for (const post of draftFor(raw)) {
          expect(postLength(post.network, composePost(post))).toBeLessThanOrEqual(
            NETWORK_LIMITS[post.network],
          );
        }
      },
    );

    it("fills an X post up to its limit when the message is long, and keeps the link whole", () => {
      const raw = BRIEFS["social-post-writer"]?.[2]?.[1] ?? {};
      const x = draftFor(raw).filter((p) => p.network === "x");
      for (const post of x) {
        expect(postLength("x", composePost(post))).toBeGreaterThan(250);
        expect(post.text.endsWith(` ${raw.link}`)).toBe(true);
      }
    });
  });

  it("prompts with each chosen network's limit and the link", () => {
    const context = contextFor(socialPostWriterWorker, { ...brief, link: "https://example.com/open-day" });
    const { system, user } = socialPostWriterWorker.prompt(context);
    expect(system).toContain("x 280, linkedin 3000 characters");
    expect(system).not.toContain("instagram 2200");
    expect(user).toContain("Link: https://example.com/open-day");
  });
});
