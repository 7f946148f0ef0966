import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { CONTENT_TYPES } from "#shared/domain/agents/agent";
import { AGENT_ROLES, AGENTS, agentByRole } from "./catalog.ts";
import { AGENT_ROSTER } from "./roster.ts";
import { AGENT_WORKERS, workerByRole } from "./worker-catalog.ts";

/** The paths of every module whose code a bundle of `entry` holds (after tree-shaking). */
async function bundledModules(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, entry)],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    outdir: "out",
    logLevel: "silent",
  });
  return Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([path]) => path),
  );
}

describe("the agent catalog", () => {
  it("holds the four agents, the roster naming them in the same order with the same title and profile", () => {
    expect(AGENTS.map((agent) => agent.role)).toEqual([...AGENT_ROLES]);
    expect(AGENTS.map(({ role, title, profile }) => ({ role, title, profile }))).toEqual(AGENT_ROSTER);
    expect(AGENT_ROLES).toEqual(["setup", "strategy-writer", "blog-writer", "social-post-writer"]);
  });

  it("gives each agent a unique kebab-case role", () => {
    for (const { role } of AGENTS) expect(role).toMatch(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
    expect(new Set(AGENT_ROLES).size).toBe(AGENT_ROLES.length);
  });

  it("declares each agent completely", () => {
    for (const agent of AGENTS) {
      expect(agent.title.length, agent.role).toBeGreaterThan(0);
      expect(agent.description.length, agent.role).toBeGreaterThan(20);
      expect(CONTENT_TYPES).toContain(agent.produces);
      expect(Number.isInteger(agent.creditPrice) && agent.creditPrice > 0, agent.role).toBe(true);
      expect(agent.maxOutputTokens, agent.role).toBeGreaterThanOrEqual(1000);
    }
    expect(new Set(AGENTS.map((agent) => agent.produces)).size).toBe(AGENTS.length);
  });

  it("finds an agent by its role, and nothing for another", () => {
    for (const agent of AGENTS) expect(agentByRole(agent.role)).toBe(agent);
    expect(agentByRole("landing-page-writer")).toBeUndefined();
    expect(agentByRole("")).toBeUndefined();
  });

  it("bundles without the AWS SDK, middy or Powertools (API functions load it)", async () => {
    const inputs = await bundledModules("catalog.ts");
    expect(inputs.some((path) => path.includes("node_modules/zod/"))).toBe(true);
    expect(
      inputs.filter((path) => /node_modules\/(@aws-sdk|@smithy|@middy|@aws-lambda-powertools)\//.test(path)),
    ).toEqual([]);
  });

  it("bundles without any agent's prompting or offline drafts, or zod's JSON Schema generator", async () => {
    const inputs = await bundledModules("catalog.ts");
    expect(inputs.some((path) => path.endsWith(".agent.ts"))).toBe(true);
    expect(
      inputs.filter((path) =>
        /\.prompt\.ts$|agents\/(prompt|offline)\.ts$|zod\/v4\/core\/(to-)?json-schema/.test(path),
      ),
    ).toEqual([]);
  });
});

describe("the workers' catalog", () => {
  it("runs the catalog's agents, in its order, each with the catalog's own definition", () => {
    expect(AGENT_WORKERS.map((worker) => worker.role)).toEqual([...AGENT_ROLES]);
    for (const worker of AGENT_WORKERS) {
      const agent = agentByRole(worker.role);
      expect(agent, worker.role).toBeDefined();
      // The same schemas and functions, not copies: one source of truth.
      for (const [key, value] of Object.entries(agent ?? {})) {
        expect(worker[key as keyof typeof worker], `${worker.role}.${key}`).toBe(value);
      }
      expect(typeof worker.prompt).toBe("function");
      expect(typeof worker.offlineDraft).toBe("function");
    }
  });

  it("finds a worker by its role, and nothing for another", () => {
    for (const worker of AGENT_WORKERS) expect(workerByRole(worker.role)).toBe(worker);
    expect(workerByRole("landing-page-writer")).toBeUndefined();
  });
});
