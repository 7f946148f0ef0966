/**
 * The browser side of the browser tests: Debian's Chromium driven by playwright-core, one browser per
 * test file and a fresh context (cookies, storage) per signed-in user. Every page is watched: a
 * console error, a failed request or a 5xx answer fails the test that opened it, and every `/api`
 * answer's body is kept so a test can show what the browser received.
 */
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import axe from "axe-core";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
/** Git-ignored (`.local/`): kept by CI as the run's artifacts. */
export const ARTIFACTS_DIR = resolve(ROOT, ".local", "e2e-artifacts");
/** The size screenshots are taken at, and the README's images. */
export const VIEWPORT = { width: 1280, height: 800 } as const;

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/** An `/api` answer as the page received it. */
export interface ApiExchange {
  method: string;
  url: string;
  status: number;
  body: string;
}

/** A page in its own context, with what went wrong in it and every `/api` answer it received. */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, failed requests and 5xx answers, as readable lines. */
  problems: string[];
  /** Every `/api` answer, body included, in arrival order (a body may still be arriving: see `settled`). */
  api: ApiExchange[];
  /** Every `/api` answer so far, once each one's body has been read. */
  settled(): Promise<ApiExchange[]>;
}

/**
 * The browser logs a "Failed to load resource" console error for every 4xx a fetch receives; those
 * are answers the app handles (a 404 page, a refused refresh), so they are recorded as exchanges,
 * not as problems. Any other console error is the app's own and fails the test.
 */
const HANDLED_HTTP_ERROR = /^Failed to load resource: the server responded with a status of 4\d\d/;

export async function openWatchedPage(browser: Browser, baseURL: string): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL, viewport: VIEWPORT });
  const page = await context.newPage();
  const reading: Promise<void>[] = [];
  const watched: WatchedPage = {
    page,
    context,
    problems: [],
    api: [],
    async settled() {
      await Promise.all(reading);
      return [...watched.api];
    },
  };
  page.on("console", (message) => {
    if (message.type() !== "error" || HANDLED_HTTP_ERROR.test(message.text())) return;
    watched.problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => watched.problems.push(`uncaught: ${error.message}`));
  page.on("requestfailed", (request) => {
    const reason = request.failure()?.errorText ?? "unknown";
    // A navigation or a closing context cancels what was in flight: not a failure of the app.
    if (reason === "net::ERR_ABORTED") return;
    watched.problems.push(`request failed: ${request.method()} ${request.url()} (${reason})`);
  });
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (response.status() >= 500) watched.problems.push(`${response.status()} from ${response.url()}`);
    if (!url.pathname.startsWith("/api/")) return;
    const exchange: ApiExchange = {
      method: response.request().method(),
      url: response.url(),
      status: response.status(),
      body: "",
    };
    watched.api.push(exchange);
    const read = response.text().then(
      (body) => {
        exchange.body = body;
      },
      (error: unknown) => {
        // A body the page dropped (navigated away) cannot be read; say so rather than pretend it was empty.
        exchange.body = `<unreadable: ${String(error)}>`;
      },
    );
    reading.push(read);
  });
  return watched;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core on the page as it is now and fails on any serious or critical violation, naming the
 * rule and the elements. Evaluated through the DevTools protocol, so the page's content security
 * policy (no inline scripts) stays as it is served.
 */
export async function checkA11y(page: Page, name: string): Promise<void> {
  const defined = await page.evaluate("typeof window.axe");
  if (defined === "undefined") await page.evaluate(axe.source);
  const violations = (await page.evaluate(
    "window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)",
  )) as AxeViolation[];
  const blocking = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  if (blocking.length > 0) throw new Error(`accessibility of "${name}":\n${blocking.join("\n")}`);
}

/** Saves the page as `<name>.png` under the artifacts folder; answers the file's path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = resolve(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
