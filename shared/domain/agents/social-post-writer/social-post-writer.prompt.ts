/**
 * How `social-post-writer` asks a model for its answer, and the offline model's draft: the workers' part of the
 * agent (social-post-writer.agent.ts holds its definition, which the API loads alone).
 */
import { defineWorker } from "#shared/domain/agents/agent";
import type { BrandProfile } from "#shared/domain/brand/brand-profile";
import { clip, oneLine } from "#shared/domain/text/clip";
import { draftFacts, draftWriter, hashtagOf, markOffline, unique } from "../offline.ts";
import { buildPrompt } from "../prompt.ts";
import { composePost, NETWORK_LIMITS, type Network, postLength } from "./networks.ts";
import { type SocialPost, socialPostsOutput, socialPostWriterAgent } from "./social-post-writer.agent.ts";

/** How each network's offline draft is shaped. */
const STYLES: Readonly<Record<Network, { sentences: number; hashtags: number; separator: string }>> = {
  x: { sentences: 0, hashtags: 2, separator: " " },
  linkedin: { sentences: 3, hashtags: 3, separator: "\n\n" },
  facebook: { sentences: 1, hashtags: 2, separator: "\n\n" },
  instagram: { sentences: 2, hashtags: 8, separator: "\n\n" },
};

const ANGLES = [
  "New from {name}:",
  "A quick note for {audience}:",
  "Worth knowing:",
  "Here is the short version:",
  "From the {name} team:",
  "For {audience} this week:",
] as const;

/** Body sentences: the message itself is in the post, so these speak around it, not about it. */
const SOCIAL_SENTENCES = [
  "We made this with {audience} in mind.",
  "It is the question {audience} ask us most, so here is a {tone} answer.",
  "Small steps, done consistently, are what make the difference.",
  "We would love to hear how it works for you.",
  "Know someone who needs this? Pass it on.",
  "{name} keeps it practical: no jargon, just what works.",
] as const;

const SOCIAL_CALLS_TO_ACTION = [
  "Questions? Ask {name}; we are happy to help.",
  "Get in touch with {name} to find out more.",
  "Tell us what you think in the comments.",
  "Follow {name} for more like this.",
] as const;

/** Hashtags to draw from, best first: the brand's keywords and name, then the message's longer words. */
function hashtagCandidates(message: string, brand: BrandProfile | undefined): string[] {
  const keywords = (brand?.keywords ?? []).filter((keyword) => keyword.split(/\s+/u).length <= 3);
  const words = message.match(/[\p{L}\p{M}\p{N}]{5,}/gu) ?? [];
  return unique(
    [...keywords, ...(brand ? [brand.businessName] : []), ...words]
      .map((candidate) => hashtagOf(candidate, 30))
      .filter((tag) => /\p{L}/u.test(tag)),
  );
}

/** How `social-post-writer` prompts, and its offline draft. */
export const socialPostWriterWorker = defineWorker(socialPostWriterAgent, {
  prompt({ input, brand }) {
    return buildPrompt({
      title: "social media writer",
      task: `Write ${input.countPerNetwork} post${input.countPerNetwork > 1 ? "s" : ""} for each of these networks: ${input.networks.join(", ")}, each carrying the brief's message in that network's style.`,
      rules: [
        `Limits, counted on the text plus a blank line and the hashtags with '#', as published: ${input.networks.map((n) => `${n} ${NETWORK_LIMITS[n]}`).join(", ")} characters. On x an emoji or a CJK character counts 2 and a link 23.`,
        "Hashtags go in the hashtags list, without '#', letters, digits and underscores only — not in the text.",
        "x: one punchy sentence or two. linkedin: a hook line, short paragraphs, a question or call to action. facebook: conversational, 1–3 short paragraphs. instagram: visual and warm, up to 10 hashtags, and 'link in bio' instead of a URL.",
        "Posts for the same network differ in angle, not just wording.",
        "Where a link is given, put it in the text of every post except Instagram's.",
      ],
      brief: [
        ["Message", input.message],
        ["Networks", input.networks],
        ["Posts per network", input.countPerNetwork],
        ["Link", input.link],
      ],
      ask: "Write the posts now, in the order of the networks above.",
      output: socialPostsOutput(),
      brand,
    });
  },

  offlineDraft(context) {
    const { input, brand } = context;
    const facts = draftFacts(brand, { topic: input.message });
    const writer = draftWriter(context, facts);
    const message = oneLine(input.message);
    const tags = hashtagCandidates(message, brand);
    const posts = input.networks.flatMap((network) => {
      const style = STYLES[network];
      const angles = writer.shuffle(`${network}:angles`, ANGLES);
      return Array.from({ length: input.countPerNetwork }, (_, index) => {
        const salt = `${network}:${index}`;
        const angle = writer.sentence(`${salt}:angle`, [angles[index % angles.length] ?? ANGLES[0]]);
        const parts = [
          `${angle} ${message}`,
          ...(style.sentences > 0
            ? [writer.paragraph(`${salt}:body`, style.sentences, SOCIAL_SENTENCES)]
            : []),
          ...(network === "x" ? [] : [writer.callToAction(`${salt}:cta`, SOCIAL_CALLS_TO_ACTION)]),
          ...(network === "instagram" && input.link ? ["Link in bio."] : []),
        ];
        const link = input.link && network !== "instagram" ? ` ${input.link}` : "";
        // Each post of a network starts further down the list, so its posts do not all share tags.
        const hashtags = [...tags.slice(index), ...tags.slice(0, index)].slice(0, style.hashtags);
        return fitToLimit(network, parts.join(style.separator), link, hashtags);
      });
    });
    return { posts };
  },
});

/**
 * The post with as much of `body` as fits the network's limit, labelled as an offline draft, `link`
 * kept whole; hashtags are dropped from the end only if even a one-word body would not fit.
 */
function fitToLimit(network: Network, body: string, link: string, hashtags: readonly string[]): SocialPost {
  const limit = NETWORK_LIMITS[network];
  let kept = [...hashtags];
  const measure = (candidate: string) =>
    postLength(network, composePost({ text: markOffline(candidate) + link, hashtags: kept }));
  while (kept.length > 0 && measure("A…") > limit) kept = kept.slice(0, -1);
  const fitted = clip(body, limit, measure);
  return { network, text: markOffline(fitted).trim() + link, hashtags: kept };
}
