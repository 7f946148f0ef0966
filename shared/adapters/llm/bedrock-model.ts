import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  BedrockRuntimeServiceException,
  ConverseCommand,
  type ConverseCommandOutput,
} from "@aws-sdk/client-bedrock-runtime";
import { type LanguageModel, ModelError } from "#shared/domain/agents/model";
import { type ModelAdapterOptions, retryPolicy, withRetries } from "./http-retry.ts";

/** Bedrock errors worth another attempt (matched by the SDK's documented exception names). */
const RETRYABLE_EXCEPTIONS = new Set([
  "ThrottlingException",
  "ServiceUnavailableException",
  "ModelTimeoutException",
  "InternalServerException",
  "ModelNotReadyException",
]);

/** Bedrock errors no retry can mend: a refused request, no access, an unknown model. */
const PERMANENT_EXCEPTIONS = new Set([
  "ValidationException",
  "AccessDeniedException",
  "ResourceNotFoundException",
  "ServiceQuotaExceededException",
  "ModelErrorException",
]);

/**
 * A Bedrock runtime client for `createBedrockModel`: the SDK's own retries are off (`maxAttempts: 1`)
 * because the adapter retries under the shared policy of `http-retry.ts`; the rest is the SDK's
 * normal configuration (`region`, `endpoint`, `credentials`, …).
 */
export function createBedrockClient(config: BedrockRuntimeClientConfig = {}): BedrockRuntimeClient {
  return new BedrockRuntimeClient({ ...config, maxAttempts: 1 });
}

export interface BedrockModelOptions extends ModelAdapterOptions {
  /**
   * Made with `createBedrockClient`. A client with its own retries would multiply the attempts: each
   * of ours would be several of the SDK's.
   */
  client: BedrockRuntimeClient;
  /** A model id or inference profile, e.g. `eu.anthropic.claude-sonnet-4-5-20250929-v1:0`. */
  model: string;
}

/**
 * Amazon Bedrock through the Converse API: one request shape for every model Bedrock serves. The
 * answer is the text blocks of `output.message.content`, joined.
 */
export function createBedrockModel(options: BedrockModelOptions): LanguageModel {
  const policy = retryPolicy(options.policy);
  return {
    provider: "bedrock",
    model: options.model,
    ...(options.pricing && { pricing: options.pricing }),
    async complete(request) {
      const input = {
        modelId: options.model,
        ...(request.system && { system: [{ text: request.system }] }),
        messages: request.messages.map(({ role, content }) => ({ role, content: [{ text: content }] })),
        inferenceConfig: { maxTokens: request.maxOutputTokens, temperature: request.temperature ?? 0.7 },
      };
      const answer = await withRetries(
        async (signal) =>
          readAnswer(await options.client.send(new ConverseCommand(input), { abortSignal: signal })),
        {
          provider: "bedrock",
          policy,
          classify: classifyBedrockError,
          ...(request.signal && { signal: request.signal }),
          ...(options.clock && { clock: options.clock }),
        },
      );
      return { ...answer, provider: "bedrock", model: options.model };
    },
  };
}

function readAnswer(response: ConverseCommandOutput) {
  const content = response.output?.message?.content;
  const usage = response.usage;
  if (!content || usage?.inputTokens === undefined || usage.outputTokens === undefined) {
    throw new ModelError("bedrock answered without a message or its usage", {
      provider: "bedrock",
      retryable: true,
      status: response.$metadata.httpStatusCode,
    });
  }
  return {
    text: content.map((block) => block.text ?? "").join(""),
    usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens },
    stopReason: response.stopReason ?? "unknown",
  };
}

/** Turns what the SDK threw into a `ModelError`: by exception name, then by status. */
export function classifyBedrockError(error: unknown): ModelError {
  if (error instanceof BedrockRuntimeServiceException) {
    const status = error.$metadata.httpStatusCode;
    const retryable = RETRYABLE_EXCEPTIONS.has(error.name)
      ? true
      : PERMANENT_EXCEPTIONS.has(error.name)
        ? false
        : status === undefined || status === 429 || status >= 500;
    return new ModelError(`bedrock answered ${status ?? "?"} ${error.name}: ${error.message}`, {
      provider: "bedrock",
      retryable,
      ...(status !== undefined && { status }),
      cause: error,
    });
  }
  // Not an answer from Bedrock: a connection fault, or an answer the SDK could not read.
  const message = error instanceof Error ? error.message : String(error);
  return new ModelError(`Could not complete the call to bedrock: ${message}`, {
    provider: "bedrock",
    retryable: true,
    cause: error,
  });
}
