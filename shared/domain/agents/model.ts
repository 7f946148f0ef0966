/**
 * The port every language model sits behind: the offline drafter, Amazon Bedrock (Converse), the
 * Anthropic Messages API and OpenAI-compatible chat completions. Workers speak only this.
 */

export interface ModelMessage {
  role: "user" | "assistant";
  content: string;
}

export interface ModelRequest {
  /** The agent's role: the offline model and usage records go by it. */
  agent: string;
  system: string;
  /** The conversation so far; the last message is the user's. */
  messages: readonly ModelMessage[];
  maxOutputTokens: number;
  /** @default 0.7 */
  temperature?: number;
  /** JSON Schema of the expected answer, for providers that can be told it. */
  responseSchema?: Record<string, unknown>;
  /** What the offline model answers (the agent's deterministic draft); real models ignore it. */
  draftOffline: () => unknown;
  /** Cancels the call (the job's time is up). */
  signal?: AbortSignal;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ModelResponse {
  /** The answer's text (JSON for agents). */
  text: string;
  provider: ModelProviderName;
  model: string;
  usage: TokenUsage;
  /** Why the model stopped, in the provider's words (`end_turn`, `stop`, `max_tokens`, …). */
  stopReason: string;
}

export const MODEL_PROVIDERS = ["offline", "bedrock", "anthropic", "openai-compatible"] as const;
export type ModelProviderName = (typeof MODEL_PROVIDERS)[number];

export interface LanguageModel {
  readonly provider: ModelProviderName;
  readonly model: string;
  /** What its tokens cost, when configured: the run's cost is `estimateCostUsd(usage, pricing)`. */
  readonly pricing?: ModelPricing;
  complete(request: ModelRequest): Promise<ModelResponse>;
}

/**
 * A model call that failed. `retryable` errors (throttling, timeouts, 5xx, connection faults) send
 * the job back to its queue; the others (a refused request, bad credentials, an unknown model) fail
 * the run at once.
 */
export class ModelError extends Error {
  readonly provider: ModelProviderName;
  readonly retryable: boolean;
  readonly status: number | undefined;
  /**
   * How long the provider asked us to wait before trying again (its `Retry-After`), when it said so:
   * a worker may delay the job by as much instead of retrying it at once.
   */
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    options: {
      provider: ModelProviderName;
      retryable: boolean;
      status?: number;
      retryAfterMs?: number;
      cause?: unknown;
    },
  ) {
    super(message, { cause: options.cause });
    this.name = "ModelError";
    this.provider = options.provider;
    this.retryable = options.retryable;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** USD per million tokens, for the run's cost estimate. */
export interface ModelPricing {
  inputPerMillion: number;
  outputPerMillion: number;
}

export function estimateCostUsd(usage: TokenUsage, pricing: ModelPricing | undefined): number {
  if (!pricing) return 0;
  const cost =
    (usage.inputTokens * pricing.inputPerMillion + usage.outputTokens * pricing.outputPerMillion) / 1e6;
  return Math.round(cost * 1e6) / 1e6;
}
