/**
 * The corpus `npm run bench:search` indexes: content items, agent runs and knowledge documents that
 * read like a small business's marketing, generated from a seed so every run indexes the same text.
 * The search documents are built by the indexer's own sources (`contentChange`, `runChange`) from
 * the items, and knowledge documents are chunked and embedded by the indexing use case the search indexer runs
 * (`indexKnowledgeDocument`), so the index holds what the platform would write, not an approximation.
 */
import { ulid } from "ulid";
import type { Run } from "#shared/domain/agents/run";
import { firstVersion } from "#shared/domain/content/from-run";
import type { KnowledgeDocumentWithBody } from "#shared/domain/knowledge/document";
import { briefText } from "#shared/domain/knowledge/retrieve";
import type { SearchDocument } from "#shared/domain/search/ports";
import type { IndexChange } from "#shared/domain/search/search-document";
import { contentChange } from "#shared/domain/search/sources/content.source";
import { runChange } from "#shared/domain/search/sources/run.source";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";

/** A deterministic pseudo-random generator (mulberry32): numbers in [0, 1). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** What the businesses write about: a topic and the words its texts use (and its searches ask for). */
const TOPICS: readonly { name: string; terms: readonly string[] }[] = [
  { name: "yoga studio", terms: ["yoga", "stretching", "breathing", "flexibility", "meditation"] },
  { name: "bakery", terms: ["sourdough", "croissant", "pastry", "baking", "bread"] },
  { name: "dental practice", terms: ["dentist", "whitening", "braces", "hygiene", "checkup"] },
  { name: "running shop", terms: ["running", "marathon", "sneakers", "training", "injury"] },
  { name: "coffee roastery", terms: ["espresso", "roasting", "beans", "brewing", "barista"] },
  { name: "accounting firm", terms: ["taxes", "bookkeeping", "payroll", "invoices", "audit"] },
  { name: "garden centre", terms: ["gardening", "compost", "seedlings", "pruning", "lawn"] },
  { name: "language school", terms: ["spanish", "grammar", "conversation", "vocabulary", "exams"] },
  { name: "bike workshop", terms: ["cycling", "repairs", "gears", "commuting", "tyres"] },
  { name: "pet grooming", terms: ["grooming", "puppies", "shampoo", "nails", "allergies"] },
  { name: "wedding photography", terms: ["wedding", "portraits", "albums", "lighting", "ceremony"] },
  { name: "solar installer", terms: ["solar", "panels", "batteries", "savings", "inverter"] },
  {
    name: "physiotherapy clinic",
    terms: ["physiotherapy", "rehabilitation", "posture", "massage", "mobility"],
  },
  { name: "wine bar", terms: ["wine", "tasting", "vineyard", "pairing", "sommelier"] },
  { name: "kids coding club", terms: ["coding", "robotics", "scratch", "python", "workshops"] },
  { name: "interior design", terms: ["interiors", "furniture", "colours", "lighting", "renovation"] },
];
const AUDIENCES = ["busy parents", "beginners", "small teams", "students", "retirees", "locals"];
const OPENERS = ["Five", "Seven", "Simple", "Seasonal", "Honest", "Practical", "Expert"];
const NOUNS = ["tips", "mistakes", "questions", "ideas", "habits", "offers", "trends"];
const FILLER = [
  "Our team has seen this again and again this season.",
  "Book a visit this week and ask about the spring offer.",
  "Customers tell us the difference shows within a month.",
  "It takes less time than most people expect.",
  "We keep prices fair and explain every step before we start.",
  "Follow us for more ideas and behind-the-scenes stories.",
];
const HEADINGS = ["Why it matters", "Getting started", "What we recommend", "Common questions", "Next steps"];
const KNOWLEDGE_SECTIONS = ["Pricing", "Opening hours", "Services", "Policies", "Team", "Locations"];

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

/** A topic, the first ones more often (a long tail, as real tenants' subjects have). */
function topicOf(random: () => number) {
  return TOPICS[Math.floor(random() * random() * TOPICS.length)] as (typeof TOPICS)[number];
}

function sentence(random: () => number, topic: (typeof TOPICS)[number]): string {
  const term = pick(random, topic.terms);
  const other = pick(random, topic.terms);
  return pick(random, [
    `Good ${term} starts with ${other}, and our ${topic.name} team can show you how.`,
    `Many ${pick(random, AUDIENCES)} ask us about ${term} before their first visit.`,
    `${pick(random, OPENERS)} ${NOUNS[Math.floor(random() * NOUNS.length)]} about ${term} and ${other}.`,
    `At the ${topic.name}, ${term} is part of every plan we make for ${pick(random, AUDIENCES)}.`,
    pick(random, FILLER),
  ]);
}

function paragraph(random: () => number, topic: (typeof TOPICS)[number], sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(random, topic)).join(" ");
}

/** A blog post's body, as the blog writer returns it (about 2 KB of text). */
function blogPost(random: () => number, topic: (typeof TOPICS)[number]) {
  const term = pick(random, topic.terms);
  const title = `${pick(random, OPENERS)} ${term} ${pick(random, NOUNS)} for ${pick(random, AUDIENCES)}`;
  const outline = HEADINGS.slice(0, 3 + Math.floor(random() * 3));
  return {
    title,
    metaDescription: paragraph(random, topic, 1),
    slug: title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
    outline,
    article: outline
      .map((h) => `## ${h}\n\n${paragraph(random, topic, 4)}\n\n${paragraph(random, topic, 3)}`)
      .join("\n\n"),
    faq: [{ question: `How often should I think about ${term}?`, answer: paragraph(random, topic, 2) }],
    keywords: [term, topic.name],
  };
}

/**
 * The `n`th search document of the corpus, for `tenantId`: four in five are blog posts (the content
 * source's document of a first version), one in five the run that wrote one (the run source's).
 */
export async function searchDocument(tenantId: TenantId, n: number): Promise<SearchDocument> {
  const random = seeded(n + 1);
  const topic = topicOf(random);
  const at = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 300) * 86_400_000);
  const stamp = { createdAt: at.toISOString(), updatedAt: at.toISOString() };
  const runId = ulid(at.getTime());
  let change: IndexChange | undefined;
  if (n % 5 === 4) {
    const run: Run = {
      runId,
      role: "blog-writer",
      status: random() < 0.9 ? "succeeded" : "failed",
      input: {
        topic: `${pick(random, topic.terms)} for ${pick(random, AUDIENCES)}`,
        keywords: topic.terms.slice(0, 2),
      },
      correlationId: "bench",
      requestedBy: "bench",
      creditsReserved: 1,
      attempts: 1,
      queuedAt: stamp.createdAt,
      version: 3,
      ...stamp,
    };
    change = await runChange({ runs: { get: async () => run } }, tenantId, runId);
  } else {
    const contentId = ulid(at.getTime());
    const policy = pick(random, ["none", "reviewer", "reviewer-then-tenant"] as const);
    const output = {
      runId,
      role: "blog-writer",
      contentType: "blog-post" as const,
      body: blogPost(random, topic),
      model: { provider: "offline", model: "offline" },
    };
    const first = firstVersion(contentId, output, { policy, findings: [] }, at);
    const item = { ...first.after, revision: 1, ...stamp };
    change = await contentChange(
      { content: { get: async () => item, version: async () => first.version } },
      tenantId,
      contentId,
    );
  }
  if (change?.kind !== "put") throw new Error(`document ${n}: the source built no document`);
  return change.document;
}

/**
 * The `n`th knowledge document of the corpus: a business's handbook in Markdown, an introduction and
 * three sections (about 2.5 KB; the chunking splits at headings, so four chunks).
 */
export function knowledgeDocument(n: number): KnowledgeDocumentWithBody {
  const random = seeded(1_000_000_007 + n);
  const topic = topicOf(random);
  const title = `${topic.name} handbook ${n}`;
  const headings = [...KNOWLEDGE_SECTIONS].sort(() => random() - 0.5).slice(0, 3);
  const sections = headings.map(
    (h) => `## ${h}\n\n${paragraph(random, topic, 4)}\n\n${paragraph(random, topic, 3)}`,
  );
  const body = `# ${title}\n\n${paragraph(random, topic, 3)}\n\n${sections.join("\n\n")}\n`;
  return {
    documentId: ulid(),
    title,
    format: "markdown",
    sourceUrl: `https://example.com/handbook/${n}`,
    bytes: Buffer.byteLength(body),
    createdBy: "bench",
    createdAt: new Date().toISOString(),
    body,
  };
}

/** `count` search queries as people type them: a word, two words, a topic, one in ten with a typo. */
export function searchQueries(count: number): string[] {
  const random = seeded(42);
  return Array.from({ length: count }, () => {
    const topic = topicOf(random);
    const roll = random();
    if (roll < 0.5) return pick(random, topic.terms);
    if (roll < 0.8) return `${pick(random, topic.terms)} ${pick(random, topic.terms)}`;
    if (roll < 0.9) return topic.name;
    const word = pick(random, topic.terms);
    // Two inner letters swapped: what the API's typo tolerance is for.
    return `${word.slice(0, 1)}${word.slice(2, 3)}${word.slice(1, 2)}${word.slice(3)}`;
  });
}

/** `count` agent briefs, as `briefText` reads a blog writer's input into a retrieval query. */
export function agentBriefs(count: number): string[] {
  const random = seeded(7);
  return Array.from({ length: count }, () => {
    const topic = topicOf(random);
    return briefText({
      topic: `${pick(random, OPENERS)} ${pick(random, topic.terms)} ${pick(random, NOUNS)} for ${pick(random, AUDIENCES)}`,
      keywords: [pick(random, topic.terms), topic.name],
      length: "medium",
    });
  });
}
