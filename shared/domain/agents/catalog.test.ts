import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { CONTENT_TYPES } from "#shared/domain/agents/agent";
import { AGENT_ROLES, AGENTS, agentByRole } from "./catalog.ts";
import { AGENT_ROSTER } from "./roster.ts";

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
    const result = await build({
      entryPoints: [join(import.meta.dirname, "catalog.ts")],
      bundle: true,
      write: false,
      metafile: true,
      platform: "node",
      format: "esm",
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes("node_modules/zod/"))).toBe(true);
    expect(
      inputs.filter((path) => /node_modules\/(@aws-sdk|@smithy|@middy|@aws-lambda-powertools)\//.test(path)),
    ).toEqual([]);
  });
});
