/**
 * The pre-review checks: before a version reaches a reviewer it is checked against the tenant's
 * brand (words it must not use) and the rules of its type (how long a post may be on its network,
 * the sections a blog post needs). The findings travel with the version; nothing is refused here —
 * the reviewer decides.
 */

import { headingKey, markdownHeadings } from "#shared/domain/agents/blog-writer/markdown";
import {
  composePost,
  NETWORK_LIMITS,
  NETWORKS,
  type Network,
  postLength,
} from "#shared/domain/agents/social-post-writer/networks";
import type { BrandProfile } from "#shared/domain/brand/brand-profile";
import { type Finding, textFields } from "./content.ts";

/** What the brand asks of every text. */
export interface BrandRules {
  /** Words and phrases the brand never uses (matched whole, ignoring case). */
  wordsToAvoid: readonly string[];
}

export const NO_BRAND_RULES: BrandRules = { wordsToAvoid: [] };

/** The rules a brand profile sets: the words and phrases it never uses. */
export function brandRulesOf(brand: BrandProfile | undefined): BrandRules {
  return { wordsToAvoid: brand?.voice.wordsToAvoid ?? [] };
}

/** The findings of every check on one version's body. */
export function checkContent(type: string, body: unknown, brand: BrandRules): Finding[] {
  return [...avoidedWords(body, brand), ...typeRules(type, body)];
}

function avoidedWords(body: unknown, brand: BrandRules): Finding[] {
  const findings: Finding[] = [];
  const phrases = brand.wordsToAvoid.map((w) => w.trim()).filter((w) => w !== "");
  for (const { path, text } of textFields(body)) {
    for (const phrase of phrases) {
      const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapePattern(phrase)}(?![\\p{L}\\p{N}])`, "giu");
      const count = text.match(pattern)?.length ?? 0;
      if (count > 0) {
        findings.push({
          check: "avoided-word",
          severity: "warning",
          message: `Uses “${phrase}”${count > 1 ? ` ${count} times` : ""}, which the brand avoids`,
          path,
        });
      }
    }
  }
  return findings;
}

function escapePattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+");
}

function typeRules(type: string, body: unknown): Finding[] {
  const record = (body ?? {}) as Record<string, unknown>;
  switch (type) {
    case "social-posts":
      return socialLengths(record.posts);
    case "blog-post":
      return blogSections(record);
    default:
      return [];
  }
}

function socialLengths(posts: unknown): Finding[] {
  if (!Array.isArray(posts)) return [];
  return posts.flatMap((post: Record<string, unknown>, index): Finding[] => {
    const network = post?.network as Network;
    if (!NETWORKS.includes(network) || typeof post.text !== "string") return [];
    const hashtags = Array.isArray(post.hashtags) ? post.hashtags.filter((h) => typeof h === "string") : [];
    const length = postLength(network, composePost({ text: post.text, hashtags }));
    const limit = NETWORK_LIMITS[network];
    return length > limit
      ? [
          {
            check: "length",
            severity: "error",
            message: `${length} characters as published on ${network}, over its limit of ${limit}`,
            path: `posts.${index}.text`,
          },
        ]
      : [];
  });
}

function blogSections(post: Record<string, unknown>): Finding[] {
  if (typeof post.article !== "string") return [];
  const findings: Finding[] = [];
  const headings = markdownHeadings(post.article);
  const present = new Set(headings.map(headingKey));
  const outline = Array.isArray(post.outline) ? post.outline.filter((h) => typeof h === "string") : [];
  for (const [index, heading] of outline.entries()) {
    if (!present.has(headingKey(heading))) {
      findings.push({
        check: "required-section",
        severity: "error",
        message: `The outline promises a section “${heading}” that the article does not have`,
        path: `outline.${index}`,
      });
    }
  }
  const beforeFirstHeading = post.article.split(/^#{1,6}\s/m)[0]?.trim() ?? "";
  if (beforeFirstHeading === "") {
    findings.push({
      check: "required-section",
      severity: "warning",
      message: "The article starts with a heading: it has no introduction",
      path: "article",
    });
  }
  if (headings.length < 2) {
    findings.push({
      check: "required-section",
      severity: "warning",
      message: "The article has fewer than two sections",
      path: "article",
    });
  }
  return findings;
}
