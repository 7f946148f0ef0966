import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBedrockClient, createBedrockModel } from "./bedrock-model.ts";
import type { RetryPolicy } from "./http-retry.ts";
import { fakeClock } from "./testing/fake-clock.ts";
import { modelFailure } from "./testing/model-failure.ts";
import { type ProviderServer, startProviderServer } from "./testing/provider-server.ts";
import { agentRequest } from "./testing/request.ts";

const MODEL_ID = "eu.anthropic.claude-haiku-4-5-20251001-v1:0";

/** The documented answer of `POST /model/{modelId}/converse`. */
const converseResponse = {
  output: {
    message: {
      role: "assistant",
      content: [{ text: '{"title":' }, { text: '"Spring!"}' }],
    },
  },
  stopReason: "end_turn",
  usage: { inputTokens: 64, outputTokens: 9, totalTokens: 73 },
  metrics: { latencyMs: 812 },
};

/** A Bedrock error as restJson1 carries it: the type in `x-amzn-errortype`, the text in `message`. */
const awsError = (status: number, type: string, message: string) => ({
  status,
  headers: {
    "content-type": "application/json",
    "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    "x-amzn-requestid": "5d1b5b7c-8f0e-4d4e-9d0a-2f1c7b0e1a11",
  },
  body: { message },
});

let server: ProviderServer;
let client: BedrockRuntimeClient;
let clock: ReturnType<typeof fakeClock>;

beforeEach(async () => {
  // The runtime client speaks HTTP/2 by default, so the stand-in does too (cleartext, h2c).
  server = await startProviderServer({ http2: true });
  client = createBedrockClient({
    region: "eu-west-1",
    endpoint: server.url,
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test-secret" },
  });
  clock = fakeClock();
});
afterEach(async () => {
  client.destroy();
  await server.close();
});

function model(policy: Partial<RetryPolicy> = {}) {
  return createBedrockModel({ client, model: MODEL_ID, policy, clock });
}

describe("createBedrockModel", () => {
  it("sends a signed Converse request and reads the message, usage and stop reason", async () => {
    server.reply({ status: 200, body: converseResponse });

    const response = await model().complete(agentRequest());

    expect(server.requests).toHaveLength(1);
    const [sent] = server.requests;
    expect(sent?.method).toBe("POST");
    expect(sent?.path).toBe(`/model/${encodeURIComponent(MODEL_ID)}/converse`);
    expect(sent?.headers["content-type"]).toBe("application/json");
    // One attempt per call as far as the SDK knows: the adapter's policy does the retrying.
    expect(sent?.headers["amz-sdk-request"]).toBe("attempt=1; max=1");
    expect(sent?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=/,
    );
    expect(JSON.parse(sent?.body ?? "")).toEqual({
      system: [{ text: "You write blog posts for Acme Bakery. Answer with one JSON object." }],
      messages: [
        { role: "user", content: [{ text: "Write a post about our spring menu." }] },
        { role: "assistant", content: [{ text: '{"title":"Spring at Acme"}' }] },
        { role: "user", content: [{ text: "Make the title shorter." }] },
      ],
      inferenceConfig: { maxTokens: 1024, temperature: 0.2 },
    });
    expect(response).toEqual({
      text: '{"title":"Spring!"}',
      provider: "bedrock",
      model: MODEL_ID,
      usage: { inputTokens: 64, outputTokens: 9 },
      stopReason: "end_turn",
    });
  });

  it("retries a ThrottlingException with backoff, and the SDK does not retry underneath", async () => {
    server.reply(
      awsError(429, "ThrottlingException", "Too many requests, please wait before trying again."),
      { status: 200, body: converseResponse },
    );

    const response = await model().complete(agentRequest());

    expect(response.stopReason).toBe("end_turn");
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([250]);
  });

  it("retries ServiceUnavailable, ModelTimeout and InternalServer exceptions, then gives up as retryable", async () => {
    server.reply(
      awsError(503, "ServiceUnavailableException", "Bedrock is unable to process your request."),
      awsError(408, "ModelTimeoutException", "Model has timed out in processing the request."),
      awsError(500, "InternalServerException", "The server encountered an internal error."),
    );

    const error = await modelFailure(model({ maxAttempts: 3 }).complete(agentRequest()));

    expect(server.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([250, 500]);
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(500);
    expect(error.message).toContain("InternalServerException: The server encountered an internal error.");
  });

  it("retries a 5xx whose error type it does not know", async () => {
    server.reply(awsError(502, "BadGatewayException", "upstream failed"), {
      status: 200,
      body: converseResponse,
    });
    await model().complete(agentRequest());
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    [400, "ValidationException", "The provided model identifier is invalid."],
    [403, "AccessDeniedException", "You don't have access to the model with the specified model ID."],
    [
      404,
      "ResourceNotFoundException",
      "Could not resolve the foundation model from the provided model identifier.",
    ],
  ])("fails at once, without retrying, on %i %s", async (status, type, message) => {
    server.reply(awsError(status, type, message), { status: 200, body: converseResponse });

    const error = await modelFailure(model().complete(agentRequest()));

    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(status);
    expect(error.message).toBe(`bedrock answered ${status} ${type}: ${message}`);
  });

  it("gives up on an endpoint that does not answer within the timeout, as retryable", async () => {
    server.reply("hang", "hang");

    const error = await modelFailure(model({ timeoutMs: 100, maxAttempts: 2 }).complete(agentRequest()));

    expect(server.requests).toHaveLength(2);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("did not answer within 100 ms");
  });

  it("retries a 200 whose body is not JSON, and fails as retryable when it stays so", async () => {
    server.reply(
      { status: 200, body: '{"output":{"message":', headers: { "content-type": "application/json" } },
      { status: 200, body: '{"output":{"message":', headers: { "content-type": "application/json" } },
    );

    const error = await modelFailure(model({ maxAttempts: 2 }).complete(agentRequest()));

    expect(server.requests).toHaveLength(2);
    expect(error.retryable).toBe(true);
  });

  it("retries a 200 without a message or usage", async () => {
    server.reply({ status: 200, body: { stopReason: "end_turn" } }, { status: 200, body: converseResponse });
    const response = await model().complete(agentRequest());
    expect(server.requests).toHaveLength(2);
    expect(response.usage).toEqual({ inputTokens: 64, outputTokens: 9 });
  });

  it("stops when the caller's signal aborts, without another attempt", async () => {
    server.reply("hang", { status: 200, body: converseResponse });
    const controller = new AbortController();
    const pending = model({ timeoutMs: 10_000 }).complete(agentRequest({ signal: controller.signal }));
    setTimeout(() => controller.abort(new Error("the job's time is up")), 50);

    const error = await modelFailure(pending);

    expect(server.requests).toHaveLength(1);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("cancelled");
  });
});
