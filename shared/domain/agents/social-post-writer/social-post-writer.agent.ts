/**
 * `social-post-writer`: posts for X, LinkedIn, Facebook and Instagram from one message — each in the
 * network's style and within its length limit as published (text plus hashtags; see `networks.ts`
 * for the counting rule), which the output schema enforces.
 */
import * as z from "zod/mini";
import { defineAgent } from "#shared/domain/agents/agent";
import { lazySchema, list, text } from "../fields.ts";
import { composePost, MAX_HASHTAGS, NETWORK_LIMITS, NETWORKS, postLength } from "./networks.ts";

export const socialPostWriterInput = lazySchema(() =>
  z.strictObject({
    /** What the posts say: an announcement, an offer, a tip, a link's gist. */
    message: text(1000, 3),
    networks: z.array(z.enum(NETWORKS)).check(
      z.minLength(1),
      z.maxLength(NETWORKS.length),
      z.refine((networks) => new Set(networks).size === networks.length, "Name each network once"),
    ),
    link: z.optional(z.url({ protocol: /^https?$/, hostname: z.regexes.domain }).check(z.maxLength(500))),
    countPerNetwork: z._default(z.int().check(z.minimum(1), z.maximum(5)), 1),
  }),
);

/** A hashtag without its `#`: letters (any script), marks, digits and underscores. */
export const HASHTAG_PATTERN = /^[\p{L}\p{M}\p{N}_]{1,100}$/u;

export const socialPostSchema = lazySchema(() =>
  z
    .object({
      network: z.enum(NETWORKS),
      text: text(NETWORK_LIMITS.facebook),
      /** Without `#`; published after the text (see `composePost`). */
      hashtags: z.array(z.string().check(z.regex(HASHTAG_PATTERN))).check(z.maxLength(MAX_HASHTAGS)),
    })
    .check(
      z.superRefine((post, ctx) => {
        const limit = NETWORK_LIMITS[post.network];
        const length = postLength(post.network, composePost(post));
        if (length > limit) {
          ctx.addIssue({
            code: "custom",
            path: ["text"],
            message: `A ${post.network} post may be ${limit} characters long as published (text, a blank line, then the hashtags); this one is ${length}`,
          });
        }
      }),
    ),
);
export type SocialPost = z.output<ReturnType<typeof socialPostSchema>>;

export const socialPostsOutput = lazySchema(() =>
  z.object({ posts: list(socialPostSchema(), { min: 1, max: 20 }) }),
);

export const socialPostWriterAgent = defineAgent({
  role: "social-post-writer",
  title: "Social post writer",
  description:
    "Writes posts for X, LinkedIn, Facebook and Instagram from one message, each in the network's style and within its length limit.",
  profile: "short",
  get input() {
    return socialPostWriterInput();
  },
  get output() {
    return socialPostsOutput();
  },
  produces: "social-posts",
  creditPrice: 1,
  runs: "always-new",
  maxOutputTokens: 4_000,
});
