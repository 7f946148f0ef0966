/**
 * Signing up, out and in, and the session's life in the browser: with access tokens that live
 * seconds, the app renews them silently through the refresh cookie and keeps working past several
 * lifetimes; after "Sign out everywhere" in another browser, the first one lands on the login page
 * and says why.
 */

import type { Page, Response } from "playwright-core";
import { describe, expect, it } from "vitest";
import { checkA11y, screenshot } from "./support/browser.ts";
import { browserTests } from "./support/harness.ts";
import { PASSWORD, signIn, signUp, UI_TIMEOUT, uniqueEmail } from "./support/ui.ts";

/** Seconds: the app renews at two thirds of it, so several lifetimes pass in under a minute. */
const TOKEN_LIFETIME = 12;
const e2e = browserTests({ accessTokenTtlSeconds: TOKEN_LIFETIME });

const isRefresh = (response: Response) =>
  response.url().endsWith("/api/auth/v1/refresh") && response.request().method() === "POST";

/** Every path the page showed, SPA navigations included. */
function pathsOf(page: Page): string[] {
  const paths: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) paths.push(new URL(frame.url()).pathname);
  });
  return paths;
}

describe("a session in the browser", () => {
  it("signs a new tenant up, out, and back in", async () => {
    const { page } = await e2e.open();
    const who = { business: "Fern & Field", name: "Fern", email: uniqueEmail("fern"), password: PASSWORD };
    await page.goto("/signup");
    await checkA11y(page, "sign-up");
    await screenshot(page, "sign-up");
    await signUp(page, who);
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/app/);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to Leadmetrics" }).waitFor({ timeout: UI_TIMEOUT });
    await checkA11y(page, "login");
    await screenshot(page, "login");
    // Signed out means the refresh cookie is gone too: a reload does not sign back in.
    await page.reload();
    await page.getByRole("heading", { name: "Sign in to Leadmetrics" }).waitFor({ timeout: UI_TIMEOUT });

    await signIn(page, who);
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/app/);
    await page.getByRole("link", { name: "Account", exact: true }).click();
    await page.getByRole("heading", { name: "Your account", level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    await expect(page.getByText(who.email).count()).resolves.toBeGreaterThan(0);
  });

  it("shows a wrong password as an error, not a crash", async () => {
    const { page } = await e2e.open();
    await page.goto("/login");
    await page.getByLabel("Email").fill(e2e.demo.admin.email);
    await page.getByLabel("Password").fill("not the password at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").waitFor({ timeout: UI_TIMEOUT });
    expect(new URL(page.url()).pathname).toBe("/login");
  });

  it("renews the access token silently and keeps working past several lifetimes", async () => {
    const { page, api } = await e2e.open();
    await signIn(page, e2e.demo.admin);
    const paths = pathsOf(page);
    // Whatever the app asked before signing in is not judged below.
    const signedInAnswers = api.length;
    const signedInAt = Date.now();
    // Four renewals (five tokens): each is the timer's, none follows a refused call.
    for (let renewal = 1; renewal <= 4; renewal++) {
      const refreshed = await page.waitForResponse(isRefresh, { timeout: TOKEN_LIFETIME * 2_000 });
      expect(refreshed.status(), `renewal ${renewal}`).toBe(200);
    }
    expect(Date.now() - signedInAt).toBeGreaterThan(2 * TOKEN_LIFETIME * 1000);

    // Still signed in, and the API still answers the app: the account page and the home page's calls.
    await page.getByRole("link", { name: "Account", exact: true }).click();
    await page.getByRole("heading", { name: "Your account", level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole("link", { name: "Leadmetrics", exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/app"), { timeout: UI_TIMEOUT });
    expect(paths.length).toBeGreaterThan(0);
    expect(paths).not.toContain("/login");
    expect(api.slice(signedInAnswers).filter((exchange) => exchange.status === 401)).toEqual([]);
  });

  it("lands on the login page with a clear message after signing out everywhere in another browser", async () => {
    const first = await e2e.open();
    await signIn(first.page, e2e.demo.reviewer);
    const home = new URL(first.page.url()).pathname;
    expect(home).not.toBe("/login");

    const second = await e2e.open();
    await signIn(second.page, e2e.demo.reviewer);
    await second.page.getByRole("link", { name: "Account", exact: true }).click();
    await second.page.getByRole("button", { name: "Sign out everywhere" }).click();
    await second.page
      .getByRole("heading", { name: "Sign in to Leadmetrics" })
      .waitFor({ timeout: UI_TIMEOUT });

    // The first browser finds out at its next renewal (within a token's lifetime) without any action.
    await first.page
      .getByRole("heading", { name: "Sign in to Leadmetrics" })
      .waitFor({ timeout: TOKEN_LIFETIME * 2_000 });
    await expect(first.page.getByRole("status").textContent()).resolves.toMatch(/session has ended/i);
    await checkA11y(first.page, "login after the session ended");
    await screenshot(first.page, "session-ended");
  });
});
