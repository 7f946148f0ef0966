import { describe, expect, it } from "vitest";
import { ConfigError } from "#shared/platform/config";
import { apiKeyField, choiceFor, loadModelConfig, needsApiKeys, OFFLINE_EVERYWHERE } from "./model-config.ts";

const raw = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

function problem(value: unknown, options?: { knownAgents?: readonly string[] }): string {
  try {
    loadModelConfig(raw(value), options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error("expected a ConfigError");
}

describe("loadModelConfig", () => {
  it("runs every agent offline when AGENT_MODELS is absent or blank", () => {
    expect(loadModelConfig(undefined)).toEqual(OFFLINE_EVERYWHERE);
    expect(loadModelConfig("  ")).toEqual({ default: { provider: "offline" } });
  });

  it("reads a default and per-agent choices, filling in the documented defaults", () => {
    const config = loadModelConfig(
      raw({
        default: {
          provider: "bedrock",
          model: "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
          region: "eu-west-1",
        },
        agents: {
          "blog-writer": {
            provider: "anthropic",
            model: "claude-sonnet-4-5",
            timeoutMs: 300_000,
            maxAttempts: 4,
            pricing: { inputPerMillion: 3, outputPerMillion: 15 },
          },
          setup: {
            provider: "openai-compatible",
            model: "llama3.1:8b",
            baseUrl: "http://localhost:11434/v1",
            responseFormat: "none",
          },
          strategy: { provider: "offline" },
        },
      }),
      { knownAgents: ["blog-writer", "setup", "strategy"] },
    );

    expect(choiceFor(config, "blog-writer")).toEqual({
      provider: "anthropic",
      model: "claude-sonnet-4-5",
      baseUrl: "https://api.anthropic.com",
      apiKeySecretField: "anthropic",
      timeoutMs: 300_000,
      maxAttempts: 4,
      pricing: { inputPerMillion: 3, outputPerMillion: 15 },
    });
    expect(choiceFor(config, "social-posts")).toEqual(config.default);
    expect(apiKeyField(choiceFor(config, "setup"))).toBeUndefined();
    expect(apiKeyField(choiceFor(config, "blog-writer"))).toBe("anthropic");
    expect(needsApiKeys(config)).toBe(true);
    expect(needsApiKeys(OFFLINE_EVERYWHERE)).toBe(false);
  });

  it("fails loudly on a value that is not JSON", () => {
    expect(problem("{default: offline}")).toMatch(
      /^Configuration error: environment variable AGENT_MODELS is invalid: it is not JSON/,
    );
  });

  it("names each problem by its path", () => {
    const message = problem({
      default: { provider: "bedrock" },
      agents: {
        "blog-writer": { provider: "anthropic", model: "claude-sonnet-4-5", baseUrl: "ftp://example.com" },
        Setup: { provider: "offline" },
        strategy: { provider: "openai-compatible", model: "m" },
      },
    });
    expect(message).toBe(
      "Configuration error: environment variable AGENT_MODELS is invalid: " +
        [
          "default.model: expected string",
          "agents.blog-writer.baseUrl: not a valid url",
          "agents.Setup: not an agent role (kebab-case)",
          "agents.strategy.baseUrl: expected string",
        ].join("; "),
    );
  });

  it("refuses an unknown provider, a misspelt field and out-of-range tuning", () => {
    expect(problem({ default: { provider: "gemini", model: "g" } })).toContain(
      'default.provider: expected one of "offline", "bedrock", "anthropic", "openai-compatible"',
    );
    expect(problem({ default: { provider: "bedrock", modle: "m", model: "m" } })).toContain(
      "default.modle: unknown field",
    );
    expect(problem({ default: { provider: "offline", maxAttempts: 0 } })).toContain(
      "default.maxAttempts: must be at least 1",
    );
    expect(problem({ default: { provider: "offline", timeoutMs: 2.5 } })).toContain("default.timeoutMs");
    expect(
      problem({ default: { provider: "offline", pricing: { inputPerMillion: -1, outputPerMillion: 1 } } }),
    ).toContain("default.pricing.inputPerMillion: must be at least 0");
    expect(
      problem({
        default: { provider: "openai-compatible", model: "m", baseUrl: "http://x", responseFormat: "xml" },
      }),
    ).toContain("default.responseFormat");
    expect(problem({ agents: {} })).toContain("default: expected object");
    expect(problem([])).toContain("(root): expected object");
  });

  it("refuses an override for an agent that does not exist, when told which do", () => {
    expect(
      problem(
        { default: { provider: "offline" }, agents: { "blog-writter": { provider: "offline" } } },
        {
          knownAgents: ["blog-writer"],
        },
      ),
    ).toContain("agents.blog-writter: no such agent");
  });
});
