/** Steps every flow shares, taken as a user takes them: by labels, roles and visible names. */

import type { Page } from "playwright-core";
import { expect } from "vitest";

/** Long enough for a cold function on a loaded two-core machine. */
export const UI_TIMEOUT = 60_000;

/** Signs in on the login page and waits for the role's home. */
export async function signIn(page: Page, account: { email: string; password: string }): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login", { timeout: UI_TIMEOUT });
}

/** Signs up a new tenant on the sign-up page; answers when the app shows the signed-in frame. */
export async function signUp(
  page: Page,
  who: { business: string; name: string; email: string; password: string },
): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Business name").fill(who.business);
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("Work email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor({ timeout: UI_TIMEOUT });
}

/** Follows a link of the side navigation (page links may share its words: "Open the calendar"). */
export async function navigate(page: Page, label: string): Promise<void> {
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: label, exact: true })
    .click();
}

/** Waits until `check` holds, polling (the UI shows the answer; the test cannot subscribe to it). */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = UI_TIMEOUT) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect.fail(`gave up waiting for ${what}`);
}

/** A unique e-mail address, so files and reruns never collide. */
export function uniqueEmail(who: string): string {
  return `${who}.${crypto.randomUUID().slice(0, 8)}@example.com`;
}

export const PASSWORD = "correct horse battery staple";
