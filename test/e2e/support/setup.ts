/**
 * A test's setup through the API, as another user or another tenant would have done it: never what
 * the test is about, which goes through the pages.
 */
import { expect } from "vitest";
import type { E2e } from "./harness.ts";
import { PASSWORD, uniqueEmail } from "./ui.ts";

interface RunAnswer {
  runId: string;
  status: string;
  contentId?: string;
}

/** A new tenant signed up through the API: its admin's account, id and access token. */
export async function signedUpTenant(e2e: E2e, business: string) {
  const email = uniqueEmail(business.toLowerCase().replace(/[^a-z]+/g, "-"));
  const answer = await e2e.api<{ accessToken: string; user: { tenantId: string } }>(
    "POST",
    "/api/auth/v1/register",
    { body: { tenantName: business, name: `${business} Admin`, email, password: PASSWORD } },
  );
  expect(answer.status, answer.text).toBe(201);
  return { email, password: PASSWORD, tenantId: answer.json.user.tenantId, token: answer.json.accessToken };
}

/** Starts an agent run for the token's tenant; answers its id. */
export async function startRun(e2e: E2e, token: string, role: string, input: unknown): Promise<string> {
  const answer = await e2e.api<RunAnswer>("POST", `/api/tenant/v1/agents/${role}/runs`, {
    token,
    body: { input },
  });
  expect(answer.status, answer.text).toBe(202);
  return answer.json.runId;
}

/** Polls a run until `done` holds (the setup of a test has no page to watch). */
export async function runUntil(
  e2e: E2e,
  token: string,
  runId: string,
  done: (run: RunAnswer) => boolean,
  timeoutMs = 120_000,
): Promise<RunAnswer> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const answer = await e2e.api<RunAnswer>("GET", `/api/tenant/v1/runs/${runId}`, { token });
    expect(answer.status, answer.text).toBe(200);
    if (done(answer.json)) return answer.json;
    if (Date.now() > until) expect.fail(`run ${runId} is still ${answer.json.status}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
