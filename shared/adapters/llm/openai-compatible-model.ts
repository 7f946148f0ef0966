import * as z from "zod/mini";
import type { LanguageModel, ModelRequest } from "#shared/domain/agents/model";
import { type HttpModelAdapterOptions, postJsonWithRetries, retryPolicy } from "./http-retry.ts";
import { estimateUsage } from "./token-estimate.ts";

/**
 * What `response_format` asks for:
 * - `json_object`: JSON mode (the prompt must mention JSON; OpenAI refuses the request otherwise);
 * - `json_schema`: the request's `responseSchema` as a structured-output schema (JSON mode when the
 *   request has none);
 * - `none`: no `response_format` at all, for servers that reject the field.
 */
export const RESPONSE_FORMATS = ["json_object", "json_schema", "none"] as const;
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

export interface OpenAiCompatibleModelOptions extends HttpModelAdapterOptions {
  model: string;
  /** The API root, `/chat/completions` is appended: `https://api.openai.com/v1`, `http://localhost:11434/v1`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer`; local model servers need none. */
  apiKey?: string;
  /** @default "json_object" */
  responseFormat?: ResponseFormat;
}

/** The documented non-streaming chat completion, as much of it as we read. */
const ChatCompletion = z.object({
  model: z.optional(z.string()),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.nullish(z.string()) }),
        finish_reason: z.nullish(z.string()),
      }),
    )
    .check(z.minLength(1)),
  // Required by OpenAI; some local servers leave it out, and are then charged an estimate.
  usage: z.nullish(z.object({ prompt_tokens: z.number(), completion_tokens: z.number() })),
});

/** `{ "error": { "message", "type", "code" } }`; some servers send a bare string or `{ "detail" }`. */
const ErrorResponse = z.union([
  z.object({
    error: z.object({
      message: z.string(),
      type: z.nullish(z.string()),
      code: z.nullish(z.union([z.string(), z.number()])),
    }),
  }),
  z.object({ error: z.string() }),
  z.object({ message: z.string() }),
  z.object({ detail: z.string() }),
]);

/**
 * Any server that speaks OpenAI's chat completions: OpenAI itself, and the local servers (Ollama,
 * vLLM, llama.cpp, LM Studio) that copy it. `POST {baseUrl}/chat/completions`; the answer is
 * `choices[0].message.content`.
 */
export function createOpenAiCompatibleModel(options: OpenAiCompatibleModelOptions): LanguageModel {
  const url = `${options.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  const policy = retryPolicy(options.policy);
  const fetchFn = options.fetch ?? globalThis.fetch;
  const responseFormat = options.responseFormat ?? "json_object";
  return {
    provider: "openai-compatible",
    model: options.model,
    ...(options.pricing && { pricing: options.pricing }),
    async complete(request) {
      const format = responseFormatField(responseFormat, request);
      const answer = await postJsonWithRetries({
        provider: "openai-compatible",
        url,
        headers: {
          "content-type": "application/json",
          ...(options.apiKey && { authorization: `Bearer ${options.apiKey}` }),
        },
        body: {
          model: options.model,
          messages: [
            ...(request.system ? [{ role: "system", content: request.system }] : []),
            ...request.messages.map(({ role, content }) => ({ role, content })),
          ],
          max_tokens: request.maxOutputTokens,
          temperature: request.temperature ?? 0.7,
          ...(format && { response_format: format }),
        },
        response: ChatCompletion,
        errorDetail: (body) => {
          const parsed = ErrorResponse.safeParse(body);
          if (!parsed.success) return undefined;
          const data = parsed.data;
          if ("error" in data) {
            if (typeof data.error === "string") return data.error;
            const kind = data.error.type ?? data.error.code;
            return kind ? `${kind}: ${data.error.message}` : data.error.message;
          }
          return "message" in data ? data.message : data.detail;
        },
        fetch: fetchFn,
        policy,
        ...(request.signal && { signal: request.signal }),
        ...(options.clock && { clock: options.clock }),
      });
      // The schema requires at least one choice.
      const [choice] = answer.choices as [(typeof answer.choices)[number]];
      const text = choice.message.content ?? "";
      return {
        text,
        provider: "openai-compatible",
        model: answer.model ?? options.model,
        usage: answer.usage
          ? { inputTokens: answer.usage.prompt_tokens, outputTokens: answer.usage.completion_tokens }
          : estimateUsage(request, text),
        stopReason: choice.finish_reason ?? "unknown",
      };
    },
  };
}

function responseFormatField(format: ResponseFormat, request: ModelRequest): object | undefined {
  if (format === "none") return undefined;
  if (format === "json_schema" && request.responseSchema) {
    return { type: "json_schema", json_schema: { name: "answer", schema: request.responseSchema } };
  }
  return { type: "json_object" };
}
