/**
 * A run whose model keeps failing ends in its agent's dead-letter queue; a super-admin finds it in the
 * operations view, reads why it failed, and redrives it, after which the run succeeds. The agent runs
 * on a scripted model (the pipeline tests' own) and short worker timeouts, so five failed receives
 * take seconds, not minutes.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeParse } from "zod/v4/core";
import { platform } from "#shared/contracts/platform";
import { AGENTS } from "#shared/domain/agents/catalog";
import { workerByRole } from "#shared/domain/agents/worker-catalog";
import { AGENT_WORKER_DEFAULTS, agentWorkers } from "#shared/platform/declaration/agent-workers";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { type ScriptedModel, startScriptedModel } from "../integration/agents/scripted-model.ts";
import { checkA11y, screenshot } from "./support/browser.ts";
import { browserTests } from "./support/harness.ts";
import { runUntil, startRun } from "./support/setup.ts";
import { eventually, navigate, signIn, UI_TIMEOUT } from "./support/ui.ts";

const AGENT = "social-post-writer";
const workers = agentWorkers(AGENTS, {
  ...AGENT_WORKER_DEFAULTS,
  lambdaTimeoutSeconds: 4,
  containerTimeoutSeconds: 20,
  maxBatchingWindowSeconds: 0,
  // No sweep on its own timer: it peeks at the DLQ, hiding the dead letter just when the page looks.
  sweepExpression: "cron(0 0 1 1 ? 2099)",
});
const declaration: PlatformDeclaration = {
  ...platform,
  queues: [...workers.queues, ...platform.queues.filter((q) => !q.name.startsWith("agent-"))],
  queueFunctions: workers.queueFunctions,
  containers: workers.containers,
  schedules: workers.schedules,
};

let model: ScriptedModel;
beforeAll(async () => {
  model = await startScriptedModel();
});
// Registered before the cloud's hooks, so it stops after the cloud.
afterAll(async () => {
  await model?.stop();
});
const e2e = browserTests(() => ({
  declaration,
  agentModels: JSON.stringify({
    default: { provider: "offline" },
    agents: {
      [AGENT]: { provider: "openai-compatible", model: "scripted", baseUrl: model.baseUrl, maxAttempts: 1 },
    },
  }),
}));

/** A valid answer of the agent for this input: what its offline model would write. */
function draftFor(input: unknown): unknown {
  const agent = workerByRole(AGENT);
  const parsed = agent && safeParse(agent.input, input);
  if (!agent || !parsed?.success) throw new Error(`bad test input for ${AGENT}`);
  return agent.offlineDraft({ input: parsed.data });
}

describe("a poisoned run, for a super-admin", () => {
  it("shows in the dead-letter view with its reason, and runs again once redriven", async () => {
    // Setup: the demo tenant's run, whose model answers 500 every time.
    const marker = `poison-${randomUUID()}`;
    const input = { message: `Spring offer ${marker}: two lessons for one`, networks: ["linkedin"] };
    model.script(marker, [{ kind: "error", status: 500 }]);
    const tenant = await e2e.token(e2e.demo.admin);
    const runId = await startRun(e2e, tenant, AGENT, input);
    const superAdmin = await e2e.token(e2e.demo.superAdmin);
    await eventually(
      async () => {
        const queues = await e2e.api<{ items: { role: string; dlqDepth: number }[] }>(
          "GET",
          "/api/admin/v1/queues",
          { token: superAdmin },
        );
        return queues.json.items?.find((q) => q.role === AGENT)?.dlqDepth === 1;
      },
      "the run's job in the dead-letter queue",
      240_000,
    );

    const { page } = await e2e.open();
    await signIn(page, e2e.demo.superAdmin);
    await navigate(page, "Operations");
    await page.getByRole("heading", { name: "Operations", level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    const queues = page.getByRole("table", { name: "Agent queues" });
    const row = queues
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: /social post writer/i }) });
    await row.waitFor({ timeout: UI_TIMEOUT });
    await checkA11y(page, "operations");
    await screenshot(page, "operations");

    await page.getByRole("link", { name: /social post writer dead letters/i }).click();
    const letters = page.getByRole("table", { name: /dead letters of social post writer/i });
    await letters.getByText(runId).waitFor({ timeout: UI_TIMEOUT });
    await expect(letters.textContent()).resolves.toContain("scripted 500");
    await checkA11y(page, "dead letters");
    await screenshot(page, "dead-letters");

    // The model is fixed; the super-admin moves the job back to its queue.
    model.script(marker, [{ kind: "answer", json: draftFor(input) }]);
    await page.getByRole("button", { name: "Redrive all" }).click();
    await page.getByRole("button", { name: "Confirm redrive" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /move task/i })
      .waitFor({ timeout: UI_TIMEOUT });

    const run = await runUntil(e2e, tenant, runId, (r) => r.status === "succeeded", 180_000);
    expect(run.contentId).toBeDefined();
    await page.getByRole("button", { name: "Refresh" }).click();
    await page
      .getByText("No dead letters: every job of this agent was handled.")
      .waitFor({ timeout: UI_TIMEOUT });
  });
});
