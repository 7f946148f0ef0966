/**
 * The knowledge base in the browser, as the "done when" has it: a tenant's admin adds a
 * knowledge document on the Knowledge page, runs an agent from the portal (the offline model), sees
 * on the content page and the run page that the text cites the document, and finds the content on the
 * Search page by a word of it. Each key screen passes axe and is kept as a screenshot.
 */
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createLocalEmbedder } from "#shared/adapters/embeddings/local-embedder";
import { lazySearchClient } from "#shared/adapters/search/client";
import { createChunkIndex } from "#shared/adapters/search/knowledge-chunks";
import { OpenSearchStore } from "#shared/adapters/search/search-store";
import { retrieveSources } from "#shared/domain/knowledge/retrieve";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { checkA11y, screenshot } from "./support/browser.ts";
import { browserTests } from "./support/harness.ts";
import { signedUpTenant } from "./support/setup.ts";
import { eventually, navigate, signIn, UI_TIMEOUT } from "./support/ui.ts";

/** How long an agent's run may take on a loaded machine. */
const RUN_TIMEOUT = 240_000;
const e2e = browserTests();

/**
 * Waits until the search indexer has put the document's chunks where retrieval finds them: setup
 * for the run (a run started before that would rightly have no source), not what the test is about.
 */
async function waitForChunks(tenantId: string, documentId: string, query: string): Promise<void> {
  const endpoint = e2e.cloud.urls.search;
  if (!endpoint) expect.fail("the local cloud runs no OpenSearch node");
  process.env.AWS_ACCESS_KEY_ID ??= "local";
  process.env.AWS_SECRET_ACCESS_KEY ??= "local";
  const store = new OpenSearchStore({
    client: lazySearchClient({ endpoint, region: e2e.cloud.region }),
    stage: e2e.cloud.stage,
    cursorKey: new Uint8Array(32),
  });
  // The document was added through the portal; what is waited for is its chunks in the index.
  const deps = {
    documents: { hasDocuments: async () => true },
    embedder: createLocalEmbedder(),
    chunks: createChunkIndex(store),
  };
  await eventually(
    async () =>
      (await retrieveSources(deps, parseTenantId(tenantId), query)).some((s) => s.documentId === documentId),
    "the search indexer to index the document's chunks",
    RUN_TIMEOUT,
  );
}

/** Searches on the Search page until `found` shows: the search index follows events, a moment late. */
async function searchUntil(page: Page, q: string, found: ReturnType<Page["getByRole"]>): Promise<void> {
  await page.goto(`/app/search?q=${encodeURIComponent(q)}`);
  await eventually(
    async () => {
      const shown = await found.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      );
      if (!shown) await page.reload();
      return shown;
    },
    `the search page to find ${q}`,
    RUN_TIMEOUT,
  );
}

describe("the knowledge base in the browser", () => {
  it("grounds an agent's run in a document added on the Knowledge page, cites it and finds the content", async () => {
    const owner = await signedUpTenant(e2e, "Zephyr Studio");
    // A word no other text has: what the document, the brief and the search share.
    const word = `Zephyr${randomUUID()
      .slice(0, 6)
      .replace(/[^a-z]/gi, "q")}`;
    const { page } = await e2e.open();
    await signIn(page, owner);

    // Adds a document on the Knowledge page.
    await navigate(page, "Knowledge");
    await page.getByRole("heading", { name: "Knowledge", level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByText("No documents yet.").waitFor({ timeout: UI_TIMEOUT });
    const form = page.getByRole("form", { name: "Add a knowledge document" });
    // The body comes from a local Markdown file, read in the browser; the title from its name, retitled.
    const text = `# Spring offer\n\n${word} yoga lessons cost 30 euros each when booked before April.`;
    await form.getByLabel("Read from a file (optional)").setInputFiles({
      name: "spring-offer.md",
      mimeType: "text/markdown",
      buffer: Buffer.from(text),
    });
    const body = form.getByLabel("Body", { exact: true });
    // The file is read asynchronously: wait for its text to land in the body.
    // (An expression: this project's types have no DOM; the page's textarea is the body's.)
    await page.waitForFunction(
      `document.querySelector("textarea")?.value === ${JSON.stringify(text)}`,
      null,
      {
        timeout: UI_TIMEOUT,
      },
    );
    expect(await body.inputValue()).toBe(text);
    const title = form.getByLabel("Title", { exact: true });
    expect(await title.inputValue()).toBe("spring offer");
    expect(await form.getByLabel("Format").inputValue()).toBe("markdown");
    await title.fill("Spring offer terms");
    // The API's refusal shows on its field, and the form keeps what was typed.
    const sourceUrl = form.getByLabel("Source URL (optional)");
    await sourceUrl.fill("ftp://example.com/spring-offer");
    await form.getByRole("button", { name: "Add document" }).click();
    await form.getByText("Must be an http or https URL without credentials").waitFor({ timeout: UI_TIMEOUT });
    await checkA11y(page, "knowledge page with a refusal");
    await sourceUrl.fill("https://example.com/spring-offer");
    await form.getByRole("button", { name: "Add document" }).click();
    const listed = page.getByRole("table").getByRole("link", { name: "Spring offer terms" });
    await listed.waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, "knowledge");
    await listed.click();
    await page
      .getByRole("heading", { name: "Spring offer terms", level: 1 })
      .waitFor({ timeout: UI_TIMEOUT });
    // The Markdown is rendered, not shown as source.
    await page
      .getByRole("heading", { name: "Spring offer", exact: true, level: 1 })
      .waitFor({ timeout: UI_TIMEOUT });
    const documentId = new URL(page.url()).pathname.split("/").pop() ?? "";
    await waitForChunks(owner.tenantId, documentId, `${word} yoga lessons spring offer`);

    // Runs the blog writer from the portal, with a brief the document answers.
    await navigate(page, "Agents");
    await page.getByRole("link", { name: "Run Blog writer" }).click();
    await page.getByLabel("Topic").fill(`${word} yoga lessons: the spring offer`);
    await page.getByLabel("Keywords").fill("yoga lessons, spring offer");
    await page.getByRole("button", { name: "Start the run" }).click();
    await page.waitForURL(/\/app\/runs\/[^/]+$/, { timeout: UI_TIMEOUT });
    const written = page.getByRole("link", { name: /^Open the blog/i });
    await written.waitFor({ timeout: RUN_TIMEOUT });

    // The run lists the document as a cited source, linked to its page.
    const runSources = page.getByRole("list", { name: "Sources" });
    await runSources.waitFor({ timeout: UI_TIMEOUT });
    await expect(
      runSources.getByRole("link", { name: "Spring offer terms" }).getAttribute("href"),
    ).resolves.toBe(`/app/knowledge/${documentId}`);
    expect(await runSources.getByText("Cited", { exact: true }).count()).toBeGreaterThan(0);

    // So does the content it wrote, whose text links its citation to the list.
    await written.click();
    await page.waitForURL(/\/app\/content\/[^/]+$/, { timeout: UI_TIMEOUT });
    const contentId = new URL(page.url()).pathname.split("/").pop() ?? "";
    const sources = page.getByRole("list", { name: "Sources" });
    await sources.waitFor({ timeout: UI_TIMEOUT });
    const entry = sources.getByRole("listitem").filter({ hasText: "Spring offer terms" });
    await entry.getByText("Cited", { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    const label = ((await entry.locator("strong").textContent()) ?? "").replace(/[[\]]/g, "");
    expect(label).toMatch(/^S\d+$/);
    await expect(entry.getByRole("link", { name: "https://example.com/spring-offer" }).count()).resolves.toBe(
      1,
    );
    const marker = page.locator(`a[href="#source-${label}"]`).first();
    await marker.waitFor({ timeout: UI_TIMEOUT });
    expect(await marker.textContent()).toBe(`[${label}]`);
    await checkA11y(page, "content with sources");
    await screenshot(page, "content-sources");

    // Search finds the content by a word of it, with the word marked, and leads to it.
    const result = page
      .getByRole("list", { name: "Search results" })
      .locator(`a[href="/app/content/${contentId}"]`);
    await searchUntil(page, word, result);
    await page.getByRole("button", { name: /^Content \(\d+\)$/ }).click();
    await page.waitForURL((url) => url.searchParams.get("type") === "content", { timeout: UI_TIMEOUT });
    await result.waitFor({ timeout: UI_TIMEOUT });
    // The word marked in the filtered list (waited for: the list renders again when the filter applies).
    const marked = page
      .getByRole("list", { name: "Search results" })
      .locator("mark")
      .filter({ hasText: new RegExp(`^${word}$`, "i") });
    await marked.first().waitFor({ timeout: UI_TIMEOUT });
    expect(await marked.count()).toBeGreaterThan(0);
    await checkA11y(page, "search results");
    await screenshot(page, "search");
    await result.click();
    await page.waitForURL(`**/app/content/${contentId}`, { timeout: UI_TIMEOUT });
  }, 900_000);
});
