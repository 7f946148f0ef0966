import { type LanguageModel, ModelError, type ModelPricing } from "#shared/domain/agents/model";
import { estimateUsage } from "./token-estimate.ts";

export const OFFLINE_MODEL_ID = "offline-drafts-v1";

/**
 * The model that needs no network: it answers each request with the agent's own deterministic draft
 * (`draftOffline()`), so that the platform runs end to end on a laptop and in tests. The same request
 * always gets the same answer and the same (estimated) usage.
 */
export function createOfflineModel(options: { pricing?: ModelPricing } = {}): LanguageModel {
  return {
    provider: "offline",
    model: OFFLINE_MODEL_ID,
    ...(options.pricing && { pricing: options.pricing }),
    async complete(request) {
      if (request.signal?.aborted) {
        throw new ModelError("The call to offline was cancelled", {
          provider: "offline",
          retryable: true,
          cause: request.signal.reason,
        });
      }
      let text: string | undefined;
      try {
        text = JSON.stringify(request.draftOffline());
      } catch (cause) {
        throw new ModelError(`The offline draft of agent ${request.agent} failed`, {
          provider: "offline",
          retryable: false,
          cause,
        });
      }
      // JSON.stringify answers undefined (not a string) for undefined and functions.
      if (typeof text !== "string") {
        throw new ModelError(`The offline draft of agent ${request.agent} is not a JSON value`, {
          provider: "offline",
          retryable: false,
        });
      }
      return {
        text,
        provider: "offline",
        model: OFFLINE_MODEL_ID,
        usage: estimateUsage(request, text),
        stopReason: "end_turn",
      };
    },
  };
}
