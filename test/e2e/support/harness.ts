/**
 * One test file's world: a local cloud of the real platform whose front door serves the built portal
 * (as CloudFront serves the bucket), the demo accounts `npm run dev` seeds, and one Chromium. Each
 * test opens a fresh browser context per user; after it, any problem a page saw fails the test and
 * the contexts close.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { type LocalCloud, type LocalCloudOptions, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { type DemoCredentials, seedDemo } from "#scripts/local/seed";
import { type ApiAnswer, callApi } from "../../integration/support.ts";
import { launchBrowser, openWatchedPage, screenshot, type WatchedPage } from "./browser.ts";

const PORTAL = fileURLToPath(new URL("../../../web/dist", import.meta.url));

/** What a test file gets from `browserTests`; valid inside its tests and hooks. */
export interface E2e {
  readonly cloud: LocalCloud;
  /** The seeded demo tenant and its admin, a reviewer assigned to it, a super-admin. */
  readonly demo: DemoCredentials;
  /** A new browser context (its own cookies) with one watched page, closed after the test. */
  open(): Promise<WatchedPage>;
  /** Calls the API directly: for a test's setup only, never for what it is about. */
  api<J>(method: string, path: string, init?: { body?: unknown; token?: string }): Promise<ApiAnswer<J>>;
  /** Signs in through the API and answers the access token (setup). */
  token(account: { email: string; password: string }): Promise<string>;
}

/**
 * One call to each function the portal's pages call, one after another: a page asks several at once,
 * and as many simultaneous cold starts on a loaded two-core machine can outlive the runtime's init
 * timeout (a 500 in the page). Any answer will do; the point is a started sandbox.
 */
const WARM_UP: readonly { as: "admin" | "reviewer" | "superAdmin"; method: string; path: string }[] = [
  { as: "admin", method: "GET", path: "/api/tenant/v1/brand" },
  { as: "admin", method: "GET", path: "/api/tenant/v1/notifications?limit=1" },
  { as: "admin", method: "GET", path: "/api/tenant/v1/content?limit=1" },
  { as: "admin", method: "GET", path: "/api/tenant/v1/credits" },
  { as: "admin", method: "GET", path: "/api/tenant/v1/users" },
  { as: "admin", method: "POST", path: "/api/realtime/v1/ticket" },
  { as: "reviewer", method: "GET", path: "/api/dm/v1/queue" },
  { as: "superAdmin", method: "GET", path: "/api/admin/v1/queues" },
];

async function warmUp(e2e: E2e, demo: DemoCredentials): Promise<void> {
  const tokens = {
    admin: await e2e.token(demo.admin),
    reviewer: await e2e.token(demo.reviewer),
    superAdmin: await e2e.token(demo.superAdmin),
  };
  for (const call of WARM_UP) await e2e.api(call.method, call.path, { token: tokens[call.as] });
}

/** Local-cloud settings a file may change (e.g. a short token lifetime); the portal and seed are fixed. */
export type E2eCloudOptions = Omit<LocalCloudOptions, "portalDirectory" | "dataDir" | "log">;

/**
 * Registers this file's hooks: start the cloud and the browser once, check and close each test's pages.
 * Options may be a function, read when the cloud starts (after the file's own earlier `beforeAll`s).
 */
export function browserTests(options: E2eCloudOptions | (() => E2eCloudOptions) = {}): E2e {
  let cloud: LocalCloud | undefined;
  let browser: Browser | undefined;
  let demo: DemoCredentials | undefined;
  let seedDir: string | undefined;
  let pages: WatchedPage[] = [];

  beforeAll(async () => {
    cloud = await startLocalCloud({
      log: consoleLog("error"),
      // A cold start on a loaded two-core machine can outlive API Gateway's 30 s (a 503 in the page);
      // these tests are about the portal, and the gateway's own tests pin its timeout.
      integrationTimeoutMs: 120_000,
      ...(typeof options === "function" ? options() : options),
      portalDirectory: resolve(PORTAL),
    });
    seedDir = await mkdtemp(join(tmpdir(), "leadmetrics-e2e-"));
    demo = await seedDemo(cloud, join(seedDir, "demo-credentials.json"));
    await warmUp(e2e, demo);
    browser = await launchBrowser();
  });

  afterEach(async ({ task }) => {
    const opened = pages;
    pages = [];
    if (task.result?.state === "fail") {
      // What each page showed when the test failed, beside the key screens.
      const name = task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 60);
      await Promise.all(opened.map((p, i) => screenshot(p.page, `failed-${name}-${i + 1}`)));
    }
    const problems = opened.flatMap((p) => p.problems);
    await Promise.all(opened.map((p) => p.context.close()));
    if (problems.length > 0) throw new Error(`the browser saw problems:\n${problems.join("\n")}`);
  });

  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
    if (seedDir) await rm(seedDir, { recursive: true, force: true });
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`${what} is not started: call browserTests at the top of the file`);
    return value;
  };
  const e2e: E2e = {
    get cloud() {
      return started(cloud, "the local cloud");
    },
    get demo() {
      return started(demo, "the demo seed");
    },
    async open() {
      const page = await openWatchedPage(started(browser, "the browser"), e2e.cloud.urls.api);
      pages.push(page);
      return page;
    },
    api: (method, path, init = {}) => callApi(e2e.cloud, method, path, init),
    async token(account) {
      const answer = await callApi<{ accessToken?: string }>(e2e.cloud, "POST", "/api/auth/v1/login", {
        body: { email: account.email, password: account.password },
      });
      if (answer.status !== 200 || !answer.json.accessToken)
        throw new Error(`signing in ${account.email} answered ${answer.status}: ${answer.text}`);
      return answer.json.accessToken;
    },
  };
  return e2e;
}
