import * as z from "zod/mini";
import type { LanguageModel } from "#shared/domain/agents/model";
import { type HttpModelAdapterOptions, postJsonWithRetries, retryPolicy } from "./http-retry.ts";

export const ANTHROPIC_BASE_URL = "https://api.anthropic.com";
/** The Messages API version this adapter speaks (sent as `anthropic-version`). */
const ANTHROPIC_VERSION = "2023-06-01";

export interface AnthropicModelOptions extends HttpModelAdapterOptions {
  /** e.g. `claude-sonnet-4-5`. */
  model: string;
  apiKey: string;
  /** @default "https://api.anthropic.com" */
  baseUrl?: string;
}

/** The documented non-streaming answer of `POST /v1/messages`, as much of it as we read. */
const MessageResponse = z.object({
  type: z.literal("message"),
  model: z.optional(z.string()),
  content: z.array(z.object({ type: z.string(), text: z.optional(z.string()) })),
  stop_reason: z.nullish(z.string()),
  usage: z.object({ input_tokens: z.number(), output_tokens: z.number() }),
});

/** `{ "type": "error", "error": { "type": "overloaded_error", "message": "Overloaded" } }` */
const ErrorResponse = z.object({
  type: z.literal("error"),
  error: z.object({ type: z.string(), message: z.string() }),
});

/**
 * The Anthropic Messages API over `fetch`: `POST {baseUrl}/v1/messages` with `x-api-key` and
 * `anthropic-version`. The answer is the text blocks of `content`, joined. 429, 5xx and 529
 * (overloaded) are retried under the shared policy; 400, 401, 403 and 404 fail at once.
 */
export function createAnthropicModel(options: AnthropicModelOptions): LanguageModel {
  const url = `${(options.baseUrl ?? ANTHROPIC_BASE_URL).replace(/\/+$/, "")}/v1/messages`;
  const policy = retryPolicy(options.policy);
  const fetchFn = options.fetch ?? globalThis.fetch;
  return {
    provider: "anthropic",
    model: options.model,
    ...(options.pricing && { pricing: options.pricing }),
    async complete(request) {
      const answer = await postJsonWithRetries({
        provider: "anthropic",
        url,
        headers: {
          "x-api-key": options.apiKey,
          "anthropic-version": ANTHROPIC_VERSION,
          "content-type": "application/json",
        },
        body: {
          model: options.model,
          max_tokens: request.maxOutputTokens,
          ...(request.system && { system: request.system }),
          messages: request.messages.map(({ role, content }) => ({ role, content })),
          temperature: request.temperature ?? 0.7,
        },
        response: MessageResponse,
        errorDetail: (body) => {
          const parsed = ErrorResponse.safeParse(body);
          return parsed.success ? `${parsed.data.error.type}: ${parsed.data.error.message}` : undefined;
        },
        fetch: fetchFn,
        policy,
        ...(request.signal && { signal: request.signal }),
        ...(options.clock && { clock: options.clock }),
      });
      return {
        text: answer.content.map((block) => (block.type === "text" ? (block.text ?? "") : "")).join(""),
        provider: "anthropic",
        model: answer.model ?? options.model,
        usage: { inputTokens: answer.usage.input_tokens, outputTokens: answer.usage.output_tokens },
        stopReason: answer.stop_reason ?? "unknown",
      };
    },
  };
}
