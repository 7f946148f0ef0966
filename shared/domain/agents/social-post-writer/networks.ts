/**
 * The social networks a post can be written for, and how long a post may be on each — counted the
 * way the post will be published.
 *
 * Counting rule. A post is published as its text, then — when it has hashtags — a blank line and
 * the hashtags, each with a `#`, separated by single spaces (see {@link composePost}). That whole
 * string is measured:
 * - on X, as X's weighted count, never less than X counts: a code point in the ranges X weighs 1
 *   (U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F, U+2032–U+2037) counts 1, any other (CJK, emoji,
 *   variation selectors, …) counts 2 — X counts a whole emoji sequence as 2, so this may count more;
 *   a link with `http://` or `https://` and a dotted host counts 23, as X shortens every link to 23
 *   (punctuation right after it counts as text); a word that only looks like a domain
 *   (`example.com`, `Node.js`) counts the larger of 23 and its own count, since X may link it;
 * - on LinkedIn, Facebook and Instagram, in UTF-16 code units (JavaScript's `length`): an emoji
 *   counts 2, so this too never counts fewer characters than the network does.
 */

export const NETWORKS = ["x", "linkedin", "facebook", "instagram"] as const;
export type Network = (typeof NETWORKS)[number];

/** Longest post each network accepts, measured by {@link postLength}. */
export const NETWORK_LIMITS: Readonly<Record<Network, number>> = {
  x: 280,
  linkedin: 3000,
  facebook: 63206,
  instagram: 2200,
};

/** Instagram refuses a caption with more than 30 hashtags. */
export const MAX_HASHTAGS = 30;

/** What X counts every link as, however long or short. */
const X_URL_LENGTH = 23;
/** A link, with or without its scheme: a dotted host, a port, a path not ending in punctuation. */
const LINK =
  /(https?:\/\/)?[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?::\d{1,5})?(?:[/?#]\S*[^\s.,;:!?'")\]}…])?/giu;

/** The post as it is published: the text, then a blank line and the hashtags. */
export function composePost(post: { text: string; hashtags: readonly string[] }): string {
  return post.hashtags.length > 0
    ? `${post.text}\n\n${post.hashtags.map((h) => `#${h}`).join(" ")}`
    : post.text;
}

function xWeight(text: string): number {
  let weight = 0;
  for (const character of text) {
    const cp = character.codePointAt(0) ?? 0;
    const light =
      cp <= 0x10ff ||
      (cp >= 0x2000 && cp <= 0x200d) ||
      (cp >= 0x2010 && cp <= 0x201f) ||
      (cp >= 0x2032 && cp <= 0x2037);
    weight += light ? 1 : 2;
  }
  return weight;
}

/** How long `published` (a composed post) is on `network`, by the counting rule above. */
export function postLength(network: Network, published: string): number {
  if (network !== "x") return published.length;
  let urls = 0;
  const rest = published.replace(LINK, (link, scheme: string | undefined) => {
    urls += scheme ? X_URL_LENGTH : Math.max(X_URL_LENGTH, xWeight(link));
    return "";
  });
  return urls + xWeight(rest);
}
