/**
 * The whole loop, as its users live it: a new tenant signs up and runs `blog-writer`, watching the
 * progress bar reach completion without reloading; the reviewer assigned to it asks for changes with
 * feedback; the revision appears to the tenant with a diff; the reviewer approves it; the tenant
 * schedules it on the calendar and finds the notifications. Each key screen passes axe and is kept
 * as a screenshot.
 */
import { describe, expect, it } from "vitest";
import { checkA11y, screenshot } from "./support/browser.ts";
import { browserTests } from "./support/harness.ts";
import { signedUpTenant } from "./support/setup.ts";
import { navigate, PASSWORD, signIn, signUp, UI_TIMEOUT, uniqueEmail } from "./support/ui.ts";

/** How long an agent's run (or revision) may take on a loaded machine. */
const RUN_TIMEOUT = 240_000;
const e2e = browserTests();

/** `YYYY-MM-DD` of the day `days` from today, in this machine's zone (the browser's too). */
function dayFromToday(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

describe("the review loop in the browser", () => {
  it("takes a new tenant's blog post from sign-up through review and revision to the calendar", async () => {
    const tenant = await e2e.open();
    const page = tenant.page;
    const owner = { business: "Juniper Yoga", name: "June", email: uniqueEmail("june"), password: PASSWORD };
    await signUp(page, owner);

    // A new tenant lands on its brand profile, and fills it in.
    await page.getByRole("heading", { name: "Brand & voice", level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    const brand = page.getByRole("form", { name: "Brand profile" });
    const fields: [string, string][] = [
      ["Business name", owner.business],
      ["Summary", "A small studio teaching yoga to people who sit all day, before and after work."],
      ["Industry", "Yoga studio"],
      ["Audiences", "Office workers\nRemote workers"],
      ["Offerings", "Lunchtime classes\nDesk yoga workshops"],
      ["Differentiators", "Classes built for stiff backs"],
      ["Keywords", "desk yoga\nposture"],
      ["Tone", "friendly\nencouraging"],
      ["Do", "Give one exercise readers can try at once"],
    ];
    for (const [label, value] of fields) await brand.getByLabel(label, { exact: true }).fill(value);
    await checkA11y(page, "brand profile");
    await brand.getByRole("button", { name: "Save brand profile" }).click();
    await page.getByRole("heading", { name: "Current profile (version 1)" }).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, "brand");

    // Runs the blog writer from the catalog's generated form.
    await navigate(page, "Agents");
    await page.getByRole("link", { name: "Run Blog writer" }).click();
    await page.getByLabel("Topic").fill("Yoga for desk workers");
    await page.getByLabel("Keywords").fill("desk yoga, posture");
    let loads = 0;
    page.on("load", () => loads++);
    await page.getByRole("button", { name: "Start the run" }).click();
    await page.waitForURL(/\/app\/runs\/[^/]+$/, { timeout: UI_TIMEOUT });

    // The progress bar moves on pushed events and the page turns to the result, with no reload.
    const progress = page.getByRole("progressbar", { name: /blog writer progress/i });
    await progress.waitFor({ timeout: UI_TIMEOUT });
    const written = page.getByRole("link", { name: /^Open the blog/i });
    await written.waitFor({ timeout: RUN_TIMEOUT }).catch(async (error: unknown) => {
      // Tell a slow run from a page that missed its end.
      const runId = new URL(page.url()).pathname.split("/").pop();
      const run = await e2e.api("GET", `/api/tenant/v1/runs/${runId}`, { token: await e2e.token(owner) });
      throw new Error(`the page never showed the result; the API says the run is: ${run.text}`, {
        cause: error,
      });
    });
    expect(await progress.getAttribute("aria-valuenow"), "the bar ends full once the run is done").toBe(
      "100",
    );
    expect(loads, "the page reloaded").toBe(0);
    await written.click();
    await page.waitForURL(/\/app\/content\/[^/]+$/, { timeout: UI_TIMEOUT });
    const contentId = new URL(page.url()).pathname.split("/").pop() ?? "";
    // The content page's own heading, not the run page's still on screen while the item loads.
    await page.getByRole("region", { name: "Comments", exact: true }).waitFor({ timeout: UI_TIMEOUT });
    const title = (await page.getByRole("heading", { level: 1 }).textContent())?.trim() ?? "";
    expect(title).not.toBe("");

    // Setup: a super-admin assigns the seeded reviewer to the new tenant.
    const admin = await e2e.token(e2e.demo.superAdmin);
    const me = await e2e.api<{ user: { tenantId: string } }>("POST", "/api/auth/v1/login", {
      body: { email: owner.email, password: owner.password },
    });
    const reviewerMe = await e2e.api<{ user: { id: string } }>("POST", "/api/auth/v1/login", {
      body: e2e.demo.reviewer,
    });
    const assigned = await e2e.api(
      "PUT",
      `/api/admin/v1/tenants/${me.json.user.tenantId}/reviewers/${reviewerMe.json.user.id}`,
      { token: admin },
    );
    expect(assigned.status, assigned.text).toBeLessThan(300);

    // The reviewer finds it in the queue and asks for changes.
    const reviewer = await e2e.open();
    await signIn(reviewer.page, e2e.demo.reviewer);
    await reviewer.page
      .getByRole("heading", { name: "Review queue", level: 1 })
      .waitFor({ timeout: UI_TIMEOUT });
    // Each row names its tenant.
    const row = reviewer.page
      .getByRole("row")
      .filter({ has: reviewer.page.getByRole("link", { name: title }) });
    await row.getByRole("cell", { name: owner.business, exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await reviewer.page.getByRole("link", { name: title }).click();
    await reviewer.page.getByRole("heading", { name: title, level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    await reviewer.page.getByRole("button", { name: "Request changes" }).waitFor({ timeout: UI_TIMEOUT });
    // Beside the content: the brand profile its prompt used, as the tenant wrote it.
    await reviewer.page
      .getByRole("region", { name: "Brand profile", exact: true })
      .getByText("A small studio teaching yoga to people who sit all day", { exact: false })
      .waitFor({ timeout: UI_TIMEOUT });
    await checkA11y(reviewer.page, "review screen");
    await screenshot(reviewer.page, "review-screen");
    await reviewer.page.getByRole("button", { name: "Request changes" }).click();
    await reviewer.page
      .getByLabel("Feedback for the writer")
      .fill("Open with one stretch readers can do at their desk right now.");
    await reviewer.page.getByRole("button", { name: "Send feedback and request changes" }).click();

    // The tenant sees the revision arrive, with what changed.
    await page
      .getByText(/version 2/i)
      .first()
      .waitFor({ timeout: RUN_TIMEOUT });
    await page
      .getByRole("region", { name: /^Changes in/ })
      .first()
      .waitFor({ timeout: UI_TIMEOUT });
    await checkA11y(page, "content detail with diff");
    await screenshot(page, "content-diff");

    // The reviewer approves the revision.
    await reviewer.page.reload();
    const approve = reviewer.page.getByRole("button", { name: "Approve version 2" });
    await approve.waitFor({ timeout: UI_TIMEOUT });
    await approve.click();
    await reviewer.page
      .getByText("There is nothing for a reviewer to decide on this item now.")
      .waitFor({ timeout: UI_TIMEOUT });

    // The tenant schedules it on the calendar.
    await navigate(page, "Calendar");
    await page.getByRole("heading", { name: "Calendar", level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    const day = dayFromToday(1);
    // The only approved item without a date is this post (a revision may have retitled it).
    const ready = page.getByRole("list", { name: "Approved content without a date" }).getByRole("listitem");
    await ready.first().waitFor({ timeout: UI_TIMEOUT });
    expect(await ready.count()).toBe(1);
    await ready.getByLabel(/^Date for/).fill(day);
    await ready.getByRole("button", { name: "Schedule", exact: true }).click();
    if (day.slice(0, 7) !== dayFromToday(0).slice(0, 7)) {
      await page.getByRole("button", { name: "Next month" }).click();
    }
    await page
      .getByRole("table")
      .locator(`a[href="/app/content/${contentId}"]`)
      .waitFor({ timeout: UI_TIMEOUT });
    await checkA11y(page, "calendar");
    await screenshot(page, "calendar");

    // And finds what happened in the notifications and on the dashboard.
    await navigate(page, "Notifications");
    const notifications = page.getByRole("list", { name: "Notifications" });
    await notifications
      .getByText(/approved/i)
      .first()
      .waitFor({ timeout: UI_TIMEOUT });
    expect(await notifications.getByRole("listitem").count()).toBeGreaterThanOrEqual(2);
    await checkA11y(page, "notifications");
    await screenshot(page, "notifications");
    await navigate(page, "Dashboard");
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole("list", { name: "Recent notifications" }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByText("credits available").waitFor({ timeout: UI_TIMEOUT });
    await checkA11y(page, "tenant dashboard");
    await screenshot(page, "tenant-dashboard");
    expect(contentId).not.toBe("");
  }, 900_000);

  it("shows a super-admin a tenant's credits and review policy as stored, and keeps what they set", async () => {
    const tenant = await signedUpTenant(e2e, "Larkspur Florists");
    const { page } = await e2e.open();
    await signIn(page, e2e.demo.superAdmin);
    await page.goto(`/admin/tenants/${tenant.tenantId}`);
    await page.getByRole("heading", { name: "Larkspur Florists", level: 1 }).waitFor({ timeout: UI_TIMEOUT });

    // The balance shows before any grant, and follows one.
    const credits = page.getByRole("region", { name: "Credits", exact: true });
    const balance = credits.getByRole("definition").first();
    await balance.waitFor({ timeout: UI_TIMEOUT });
    const before = Number((await balance.textContent())?.replace(/\D/g, ""));
    expect(before).toBeGreaterThan(0);
    const grant = page.getByRole("form", { name: "Grant credits" });
    await grant.getByLabel("Amount").fill("7");
    await grant.getByLabel("Reason").fill("Launch week");
    await grant.getByRole("button", { name: "Grant credits" }).click();
    await credits.getByText(`The tenant's balance is now ${before + 7}`).waitFor({ timeout: UI_TIMEOUT });
    expect(Number((await balance.textContent())?.replace(/\D/g, ""))).toBe(before + 7);

    // The policy form starts from what is stored: the default, unlocked.
    const policy = page.getByRole("form", { name: "Review policy" });
    await policy.getByText(/A reviewer approves \(default\); unlocked/).waitFor({ timeout: UI_TIMEOUT });
    expect(await policy.getByLabel("Policy", { exact: true }).inputValue()).toBe("reviewer");
    expect(await policy.getByRole("checkbox").isChecked()).toBe(false);
    await checkA11y(page, "super-admin's tenant page");
    await screenshot(page, "admin-tenant");
    await policy.getByLabel("Policy", { exact: true }).selectOption("reviewer-then-tenant");
    await policy.getByRole("checkbox").check();
    await policy.getByRole("button", { name: "Save review policy" }).click();
    await policy.getByText("Saved.").waitFor({ timeout: UI_TIMEOUT });

    // A fresh page reads it back as set.
    await page.reload();
    const reread = page.getByRole("form", { name: "Review policy" });
    await reread
      .getByText(/A reviewer, then a tenant admin, approve; locked, set /)
      .waitFor({ timeout: UI_TIMEOUT });
    expect(await reread.getByLabel("Policy", { exact: true }).inputValue()).toBe("reviewer-then-tenant");
    expect(await reread.getByRole("checkbox").isChecked()).toBe(true);
  }, 300_000);
});
