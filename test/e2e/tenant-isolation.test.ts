/**
 * A tenant cannot open another tenant's content by URL: the page says not found, and nothing the
 * browser received (every /api answer's body is recorded) carries the other tenant's content, run or
 * identity.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkA11y, screenshot } from "./support/browser.ts";
import { browserTests } from "./support/harness.ts";
import { runUntil, signedUpTenant, startRun } from "./support/setup.ts";
import { signIn, UI_TIMEOUT } from "./support/ui.ts";

const e2e = browserTests();

describe("another tenant's content", () => {
  it("is not found by URL, and no answer the browser received carries any of it", async () => {
    // The demo tenant has a post whose text only it can know.
    const secret = `Secret spring offer ${randomUUID()}`;
    const owner = await e2e.token(e2e.demo.admin);
    const runId = await startRun(e2e, owner, "social-post-writer", {
      message: secret,
      networks: ["linkedin"],
    });
    const run = await runUntil(e2e, owner, runId, (r) => r.status === "succeeded");
    const contentId = run.contentId;
    if (!contentId) expect.fail("the run wrote no content");
    const own = await e2e.api<unknown>("GET", `/api/tenant/v1/content/${contentId}`, { token: owner });
    expect(own.text).toContain(secret.slice(0, 20));

    const intruder = await signedUpTenant(e2e, "Intruder");
    const watched = await e2e.open();
    const { page } = watched;
    await signIn(page, intruder);

    await page.goto(`/app/content/${contentId}`);
    await page.getByRole("heading", { name: "Content not found", level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    await checkA11y(page, "content not found");
    await screenshot(page, "content-not-found");
    await page.goto(`/app/runs/${runId}`);
    await page.getByRole("heading", { name: /not found/i, level: 1 }).waitFor({ timeout: UI_TIMEOUT });

    const received = await watched.settled();
    const asked = received.filter((x) => x.url.includes(contentId) || x.url.includes(runId));
    expect(asked.length).toBeGreaterThan(0);
    for (const exchange of asked) expect(exchange.status, exchange.url).toBe(404);
    // The ids are the intruder's own input (a refusal may repeat them); the text and the owner are not.
    const leaks = received.filter(
      (x) =>
        x.body.includes(secret.slice(0, 20)) ||
        x.body.includes(e2e.demo.tenant.id) ||
        (x.status < 400 && (x.body.includes(contentId) || x.body.includes(runId))),
    );
    expect(leaks.map((x) => `${x.method} ${x.url}: ${x.body.slice(0, 200)}`)).toEqual([]);
  });
});
