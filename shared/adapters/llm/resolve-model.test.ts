import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelError } from "#shared/domain/agents/model";
import { createBedrockClient } from "./bedrock-model.ts";
import { loadModelConfig, type ModelConfig } from "./model-config.ts";
import { createModelResolver } from "./resolve-model.ts";
import { fakeClock } from "./testing/fake-clock.ts";
import { type ProviderServer, startProviderServer } from "./testing/provider-server.ts";
import { agentRequest } from "./testing/request.ts";

const config = (value: unknown): ModelConfig => loadModelConfig(JSON.stringify(value));

/** A secrets accessor that records which fields were asked for. */
function keys(values: Record<string, string>) {
  const asked: string[] = [];
  return {
    asked,
    read: async (field: string) => {
      asked.push(field);
      return values[field];
    },
  };
}

let server: ProviderServer;
beforeEach(async () => {
  server = await startProviderServer();
});
afterEach(() => server.close());

describe("createModelResolver", () => {
  it("gives every agent the offline model without reading any key when nothing is configured", async () => {
    const secrets = keys({});
    const resolver = createModelResolver({ config: loadModelConfig(undefined), secrets: secrets.read });

    const model = await resolver.modelFor("blog-writer");

    expect(model.provider).toBe("offline");
    expect(JSON.parse((await model.complete(agentRequest())).text)).toMatchObject({
      title: "Spring menu (offline draft)",
    });
    expect(secrets.asked).toEqual([]);
  });

  it("builds each agent's configured model, reads its key once, and reuses it", async () => {
    const secrets = keys({ anthropic: "sk-ant-stage", local: "local-key" });
    const resolver = createModelResolver({
      config: config({
        default: { provider: "offline" },
        agents: {
          "blog-writer": {
            provider: "anthropic",
            model: "claude-sonnet-4-5",
            baseUrl: server.url,
            pricing: { inputPerMillion: 3, outputPerMillion: 15 },
          },
          "social-posts": {
            provider: "openai-compatible",
            model: "qwen2.5:7b",
            baseUrl: `${server.url}/v1`,
            apiKeySecretField: "local",
            responseFormat: "none",
          },
        },
      }),
      secrets: secrets.read,
    });

    const blog = await resolver.modelFor("blog-writer");
    expect(await resolver.modelFor("blog-writer")).toBe(blog);
    expect(blog).toMatchObject({ provider: "anthropic", model: "claude-sonnet-4-5" });
    expect(blog.pricing).toEqual({ inputPerMillion: 3, outputPerMillion: 15 });
    expect((await resolver.modelFor("setup")).provider).toBe("offline");

    server.reply({
      status: 200,
      body: {
        type: "message",
        content: [{ type: "text", text: "{}" }],
        stop_reason: "end_turn",
        usage: { input_tokens: 1, output_tokens: 1 },
      },
    });
    await blog.complete(agentRequest());
    expect(server.requests[0]?.headers["x-api-key"]).toBe("sk-ant-stage");

    const social = await resolver.modelFor("social-posts");
    server.reply({
      status: 200,
      body: { choices: [{ message: { content: "{}" }, finish_reason: "stop" }] },
    });
    await social.complete(agentRequest());
    expect(server.requests[1]?.headers.authorization).toBe("Bearer local-key");
    expect(JSON.parse(server.requests[1]?.body ?? "")).not.toHaveProperty("response_format");

    expect(secrets.asked).toEqual(["anthropic", "local"]);
  });

  it("applies the configured attempts and timeout", async () => {
    const clock = fakeClock();
    const resolver = createModelResolver({
      config: config({
        default: {
          provider: "openai-compatible",
          model: "m",
          baseUrl: server.url,
          maxAttempts: 2,
          timeoutMs: 100,
        },
      }),
      secrets: keys({}).read,
      clock,
    });
    server.reply("hang", "hang", "hang");

    const error = await (await resolver.modelFor("setup")).complete(agentRequest()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).message).toContain("did not answer within 100 ms");
    expect(server.requests).toHaveLength(2);
  });

  it("uses the Bedrock client it is given", async () => {
    const client = createBedrockClient({ region: "eu-west-1", endpoint: server.url });
    const resolver = createModelResolver({
      config: config({
        default: { provider: "bedrock", model: "amazon.nova-lite-v1:0", region: "us-east-1" },
      }),
      secrets: keys({}).read,
      bedrockClient: client,
    });
    const model = await resolver.modelFor("setup");
    expect(model).toMatchObject({ provider: "bedrock", model: "amazon.nova-lite-v1:0" });
    client.destroy();
  });

  it("fails permanently when the secret lacks the key a model needs", async () => {
    const resolver = createModelResolver({
      config: config({ default: { provider: "anthropic", model: "claude-sonnet-4-5" } }),
      secrets: keys({ openai: "sk" }).read,
    });
    await expect(resolver.modelFor("setup")).rejects.toMatchObject({
      retryable: false,
      provider: "anthropic",
      message: 'The model-api-keys secret has no "anthropic" field, which the anthropic model needs',
    });
  });

  it("fails as retryable when the secret cannot be read, and reads it again on the next job", async () => {
    let reads = 0;
    const resolver = createModelResolver({
      config: config({ default: { provider: "anthropic", model: "claude-sonnet-4-5" } }),
      secrets: async () => {
        reads++;
        if (reads === 1) throw new Error("Secrets Manager is unreachable");
        return "sk-ant";
      },
    });

    await expect(resolver.modelFor("setup")).rejects.toMatchObject({ retryable: true });
    expect((await resolver.modelFor("setup")).provider).toBe("anthropic");
    expect(reads).toBe(2);
  });
});
