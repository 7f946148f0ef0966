import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RetryPolicy } from "./http-retry.ts";
import { createOpenAiCompatibleModel, type OpenAiCompatibleModelOptions } from "./openai-compatible-model.ts";
import { fakeClock } from "./testing/fake-clock.ts";
import { modelFailure } from "./testing/model-failure.ts";
import { type ProviderServer, startProviderServer } from "./testing/provider-server.ts";
import { agentRequest } from "./testing/request.ts";

/** The documented answer of `POST /chat/completions` (non-streaming). */
const completion = {
  id: "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
  object: "chat.completion",
  created: 1741569952,
  model: "gpt-4.1-2025-04-14",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: '{"title":"Spring!"}', refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: "stop",
    },
  ],
  usage: { prompt_tokens: 58, completion_tokens: 8, total_tokens: 66 },
};

const apiError = (message: string, type: string, code: string | null) => ({
  error: { message, type, param: null, code },
});

let server: ProviderServer;
let clock: ReturnType<typeof fakeClock>;

beforeEach(async () => {
  server = await startProviderServer();
  clock = fakeClock();
});
afterEach(() => server.close());

function model(policy: Partial<RetryPolicy> = {}, options: Partial<OpenAiCompatibleModelOptions> = {}) {
  return createOpenAiCompatibleModel({
    model: "gpt-4.1",
    baseUrl: `${server.url}/v1`,
    apiKey: "sk-test",
    policy,
    clock,
    ...options,
  });
}

describe("createOpenAiCompatibleModel", () => {
  it("posts the documented chat completion request and reads the first choice, usage and finish reason", async () => {
    server.reply({ status: 200, body: completion });

    const response = await model().complete(agentRequest());

    const [sent] = server.requests;
    expect(sent?.method).toBe("POST");
    expect(sent?.path).toBe("/v1/chat/completions");
    expect(sent?.headers.authorization).toBe("Bearer sk-test");
    expect(sent?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(sent?.body ?? "")).toEqual({
      model: "gpt-4.1",
      messages: [
        { role: "system", content: "You write blog posts for Acme Bakery. Answer with one JSON object." },
        { role: "user", content: "Write a post about our spring menu." },
        { role: "assistant", content: '{"title":"Spring at Acme"}' },
        { role: "user", content: "Make the title shorter." },
      ],
      max_tokens: 1024,
      temperature: 0.2,
      response_format: { type: "json_object" },
    });
    expect(response).toEqual({
      text: '{"title":"Spring!"}',
      provider: "openai-compatible",
      model: "gpt-4.1-2025-04-14",
      usage: { inputTokens: 58, outputTokens: 8 },
      stopReason: "stop",
    });
  });

  it("sends no Authorization header without a key, and no response_format when configured off", async () => {
    server.reply({ status: 200, body: completion });
    const local = createOpenAiCompatibleModel({
      model: "llama3.1:8b",
      baseUrl: `${server.url}/v1/`,
      responseFormat: "none",
      clock,
    });

    await local.complete(agentRequest());

    const [sent] = server.requests;
    expect(sent?.path).toBe("/v1/chat/completions");
    expect(sent?.headers).not.toHaveProperty("authorization");
    expect(JSON.parse(sent?.body ?? "")).not.toHaveProperty("response_format");
  });

  it("sends the request's JSON Schema as a structured-output format when configured to", async () => {
    server.reply({ status: 200, body: completion });
    await model({}, { responseFormat: "json_schema" }).complete(agentRequest());
    expect(JSON.parse(server.requests[0]?.body ?? "").response_format).toEqual({
      type: "json_schema",
      json_schema: {
        name: "answer",
        schema: { type: "object", properties: { title: { type: "string" } }, required: ["title"] },
      },
    });
  });

  it("estimates the usage when a local server leaves it out", async () => {
    const { usage: _, ...withoutUsage } = completion;
    server.reply({ status: 200, body: withoutUsage });
    const response = await model().complete(agentRequest());
    expect(response.usage.inputTokens).toBeGreaterThan(0);
    expect(response.usage.outputTokens).toBe(Math.ceil('{"title":"Spring!"}'.length / 4));
  });

  it("waits as long as a 429's Retry-After date says, then succeeds", async () => {
    const inFiveSeconds = new Date(clock.now() + 5000).toUTCString();
    server.reply(
      {
        status: 429,
        headers: { "retry-after": inFiveSeconds },
        body: apiError("Rate limit reached for gpt-4.1", "requests", "rate_limit_exceeded"),
      },
      { status: 200, body: completion },
    );

    const response = await model().complete(agentRequest());

    expect(response.stopReason).toBe("stop");
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([5000]);
  });

  it("does not sleep through a Retry-After longer than the cap: it fails as retryable and says how long", async () => {
    server.reply({
      status: 429,
      headers: { "retry-after": "3600" },
      body: apiError("You exceeded your current quota", "insufficient_quota", "insufficient_quota"),
    });

    const error = await modelFailure(model({ maxRetryAfterMs: 20_000 }).complete(agentRequest()));

    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(error.message).toContain("gave up as it asks to wait 3600000 ms");
  });

  it("retries 503 and 500 until the budget is spent, then fails as retryable", async () => {
    server.reply(
      { status: 503, body: apiError("The engine is currently overloaded", "server_error", null) },
      { status: 500, body: apiError("The server had an error", "server_error", null) },
    );

    const error = await modelFailure(model({ maxAttempts: 2 }).complete(agentRequest()));

    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([250]);
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(500);
    expect(error.message).toContain("server_error: The server had an error");
  });

  it.each([
    [400, apiError("'messages' must contain the word 'json'", "invalid_request_error", null)],
    [401, apiError("Incorrect API key provided: sk-test.", "invalid_request_error", "invalid_api_key")],
  ])("fails at once, without retrying, on %i", async (status, body) => {
    server.reply({ status, body }, { status: 200, body: completion });

    const error = await modelFailure(model().complete(agentRequest()));

    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(status);
    expect(error.message).toContain(body.error.message);
  });

  it("reads the error shapes of local servers too", async () => {
    server.reply({ status: 404, body: { error: "model 'llama9' not found, try pulling it first" } });
    const error = await modelFailure(model().complete(agentRequest()));
    expect(error.message).toBe(
      "openai-compatible answered 404: model 'llama9' not found, try pulling it first",
    );
  });

  it("gives up on a server that does not answer within the timeout, as retryable", async () => {
    server.reply("hang", "hang");

    const error = await modelFailure(model({ timeoutMs: 100, maxAttempts: 2 }).complete(agentRequest()));

    expect(server.requests).toHaveLength(2);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("did not answer within 100 ms");
  });

  it("fails as retryable when every answer is a 200 that is not JSON", async () => {
    server.reply(
      { status: 200, body: "<html>captive portal</html>", headers: { "content-type": "text/html" } },
      { status: 200, body: "<html>captive portal</html>", headers: { "content-type": "text/html" } },
    );

    const error = await modelFailure(model({ maxAttempts: 2 }).complete(agentRequest()));

    expect(server.requests).toHaveLength(2);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("<html>captive portal</html>");
  });

  it("fails at once, as permanent, when the base URL redirects", async () => {
    server.reply({
      status: 301,
      headers: { location: "https://elsewhere.example/v1/chat/completions" },
      body: "",
    });
    const error = await modelFailure(model().complete(agentRequest()));
    expect(server.requests).toHaveLength(1);
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(301);
  });
});
