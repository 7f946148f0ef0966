import type { ModelRequest, TokenUsage } from "#shared/domain/agents/model";

/**
 * A deterministic token estimate, about four characters a token: what the offline model reports, and
 * what a server that leaves out `usage` is charged as.
 */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The estimated usage of a request (system and messages) and its answer. */
export function estimateUsage(
  request: Pick<ModelRequest, "system" | "messages">,
  answer: string,
): TokenUsage {
  const prompt = request.system + request.messages.map((message) => message.content).join("");
  return { inputTokens: estimateTokens(prompt), outputTokens: estimateTokens(answer) };
}
