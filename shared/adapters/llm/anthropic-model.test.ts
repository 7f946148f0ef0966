import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAnthropicModel } from "./anthropic-model.ts";
import type { RetryPolicy } from "./http-retry.ts";
import { fakeClock } from "./testing/fake-clock.ts";
import { modelFailure } from "./testing/model-failure.ts";
import { type ProviderServer, startProviderServer } from "./testing/provider-server.ts";
import { agentRequest } from "./testing/request.ts";

/** The documented answer of `POST /v1/messages` (non-streaming). */
const message = {
  id: "msg_01XFDUDYJgAACzvnptvVoYEL",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5-20250929",
  content: [
    { type: "text", text: '{"title":' },
    { type: "text", text: '"Spring!"}' },
  ],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 61, output_tokens: 9 },
};

const apiError = (type: string, text: string) => ({ type: "error", error: { type, message: text } });

let server: ProviderServer;
let clock: ReturnType<typeof fakeClock>;

beforeEach(async () => {
  server = await startProviderServer();
  clock = fakeClock();
});
afterEach(() => server.close());

function model(policy: Partial<RetryPolicy> = {}) {
  return createAnthropicModel({
    model: "claude-sonnet-4-5",
    apiKey: "sk-ant-test",
    baseUrl: `${server.url}/`,
    policy,
    clock,
    pricing: { inputPerMillion: 3, outputPerMillion: 15 },
  });
}

describe("createAnthropicModel", () => {
  it("posts the documented Messages request and reads the text blocks, usage and stop reason", async () => {
    server.reply({ status: 200, body: message });

    const response = await model().complete(agentRequest());

    expect(server.requests).toHaveLength(1);
    const [sent] = server.requests;
    expect(sent?.method).toBe("POST");
    expect(sent?.path).toBe("/v1/messages");
    expect(sent?.headers["x-api-key"]).toBe("sk-ant-test");
    expect(sent?.headers["anthropic-version"]).toBe("2023-06-01");
    expect(sent?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(sent?.body ?? "")).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 1024,
      system: "You write blog posts for Acme Bakery. Answer with one JSON object.",
      messages: [
        { role: "user", content: "Write a post about our spring menu." },
        { role: "assistant", content: '{"title":"Spring at Acme"}' },
        { role: "user", content: "Make the title shorter." },
      ],
      temperature: 0.2,
    });
    expect(response).toEqual({
      text: '{"title":"Spring!"}',
      provider: "anthropic",
      model: "claude-sonnet-4-5-20250929",
      usage: { inputTokens: 61, outputTokens: 9 },
      stopReason: "end_turn",
    });
  });

  it("leaves out an empty system prompt and sends the default temperature when the request has none", async () => {
    server.reply({ status: 200, body: message });
    await model().complete(agentRequest({ system: "", temperature: undefined }));
    const body = JSON.parse(server.requests[0]?.body ?? "");
    expect(body).not.toHaveProperty("system");
    expect(body.temperature).toBe(0.7);
  });

  it("uses https://api.anthropic.com when no base URL is configured", async () => {
    const urls: string[] = [];
    const anthropic = createAnthropicModel({
      model: "claude-sonnet-4-5",
      apiKey: "k",
      fetch: async (url) => {
        urls.push(String(url));
        return new Response(JSON.stringify(message), { status: 200 });
      },
    });
    await anthropic.complete(agentRequest());
    expect(urls).toEqual(["https://api.anthropic.com/v1/messages"]);
  });

  it("waits as long as a 429's Retry-After says, then succeeds", async () => {
    server.reply(
      {
        status: 429,
        headers: { "retry-after": "3" },
        body: apiError(
          "rate_limit_error",
          "Number of request tokens has exceeded your per-minute rate limit",
        ),
      },
      { status: 200, body: message },
    );

    const response = await model().complete(agentRequest());

    expect(response.text).toBe('{"title":"Spring!"}');
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([3000]);
  });

  it("retries 529 overloaded and 503 with full-jitter backoff, then gives up as retryable", async () => {
    server.reply(
      { status: 529, body: apiError("overloaded_error", "Overloaded") },
      { status: 503, body: "<html>Service Unavailable</html>", headers: { "content-type": "text/html" } },
      { status: 529, body: apiError("overloaded_error", "Overloaded") },
    );

    const error = await modelFailure(model({ maxAttempts: 3, baseDelayMs: 500 }).complete(agentRequest()));

    expect(server.requests).toHaveLength(3);
    // random() is 0.5: half of 500 ms, then half of 1000 ms.
    expect(clock.sleeps).toEqual([250, 500]);
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(529);
    expect(error.provider).toBe("anthropic");
    expect(error.message).toContain("gave up after 3 attempts");
    expect(error.message).toContain("overloaded_error: Overloaded");
  });

  it.each([
    [400, "invalid_request_error", "max_tokens: must be at most 64000"],
    [401, "authentication_error", "invalid x-api-key"],
    [403, "permission_error", "Your API key does not have permission to use the specified resource."],
    [404, "not_found_error", "model: claude-nope"],
  ])("fails at once, without retrying, on %i %s", async (status, type, text) => {
    server.reply({ status, body: apiError(type, text) }, { status: 200, body: message });

    const error = await modelFailure(model().complete(agentRequest()));

    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(status);
    expect(error.message).toBe(`anthropic answered ${status}: ${type}: ${text}`);
  });

  it("gives up on a server that does not answer within the timeout, as retryable", async () => {
    server.reply("hang", "hang");

    const error = await modelFailure(model({ timeoutMs: 100, maxAttempts: 2 }).complete(agentRequest()));

    expect(server.requests).toHaveLength(2);
    expect(error.retryable).toBe(true);
    expect(error.status).toBeUndefined();
    expect(error.message).toContain("did not answer within 100 ms");
  });

  it("retries a 200 whose body is not JSON, and succeeds when the next answer is whole", async () => {
    server.reply(
      {
        status: 200,
        body: '{"id":"msg_01","type":"message","content":[{"ty',
        headers: { "content-type": "application/json" },
      },
      { status: 200, body: message },
    );

    const response = await model().complete(agentRequest());

    expect(server.requests).toHaveLength(2);
    expect(response.usage).toEqual({ inputTokens: 61, outputTokens: 9 });
  });

  it("fails as retryable when every answer is a 200 that is not the documented message", async () => {
    server.reply({ status: 200, body: { ok: true } }, { status: 200, body: { ok: true } });

    const error = await modelFailure(model({ maxAttempts: 2 }).complete(agentRequest()));

    expect(server.requests).toHaveLength(2);
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(200);
    expect(error.message).toContain("not its documented response");
  });

  it("exposes its configured pricing", () => {
    expect(model().pricing).toEqual({ inputPerMillion: 3, outputPerMillion: 15 });
  });
});
