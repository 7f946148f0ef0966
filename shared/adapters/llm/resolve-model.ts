import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type LanguageModel, ModelError, type ModelProviderName } from "#shared/domain/agents/model";
import { createAnthropicModel } from "./anthropic-model.ts";
import { createBedrockClient, createBedrockModel } from "./bedrock-model.ts";
import type { RetryClock, RetryPolicy } from "./http-retry.ts";
import { choiceFor, MODEL_API_KEYS_SECRET, type ModelChoice, type ModelConfig } from "./model-config.ts";
import { createOfflineModel } from "./offline-model.ts";
import { createOpenAiCompatibleModel } from "./openai-compatible-model.ts";

export interface ModelResolverOptions {
  config: ModelConfig;
  /** Reads one field of the `model-api-keys` secret; called only for a choice that needs a key. */
  secrets: (field: string) => Promise<string | undefined>;
  /**
   * The client every Bedrock choice uses (tests point one at a local endpoint), made with
   * `createBedrockClient`. @default one `createBedrockClient` per configured region
   */
  bedrockClient?: BedrockRuntimeClient;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default the system clock */
  clock?: RetryClock;
}

export interface ModelResolver {
  /** The model an agent runs on. Built on first use and then reused; agents on the same choice share it. */
  modelFor(role: string): Promise<LanguageModel>;
}

/**
 * Builds each agent's model from the configuration. Keys are fetched when a model that needs one is
 * first built. A key that cannot be read (the secret is unreachable) is a retryable `ModelError`; a
 * key that is not there is a permanent one: no retry will put it there.
 */
export function createModelResolver(options: ModelResolverOptions): ModelResolver {
  const models = new Map<ModelChoice, Promise<LanguageModel>>();
  const bedrockClients = new Map<string, BedrockRuntimeClient>();

  const bedrockClientFor = (region: string | undefined): BedrockRuntimeClient => {
    if (options.bedrockClient) return options.bedrockClient;
    const key = region ?? "";
    let client = bedrockClients.get(key);
    if (!client) {
      client = createBedrockClient(region ? { region } : {});
      bedrockClients.set(key, client);
    }
    return client;
  };

  const apiKey = async (provider: ModelProviderName, field: string): Promise<string> => {
    let key: string | undefined;
    try {
      key = await options.secrets(field);
    } catch (cause) {
      throw new ModelError(
        `Could not read the ${provider} API key from the ${MODEL_API_KEYS_SECRET} secret`,
        {
          provider,
          retryable: true,
          cause,
        },
      );
    }
    if (!key) {
      throw new ModelError(
        `The ${MODEL_API_KEYS_SECRET} secret has no "${field}" field, which the ${provider} model needs`,
        { provider, retryable: false },
      );
    }
    return key;
  };

  const build = async (choice: ModelChoice): Promise<LanguageModel> => {
    const policy: Partial<RetryPolicy> = { timeoutMs: choice.timeoutMs, maxAttempts: choice.maxAttempts };
    const common = {
      policy,
      ...(choice.pricing && { pricing: choice.pricing }),
      ...(options.clock && { clock: options.clock }),
    };
    const fetchFn = options.fetch ? { fetch: options.fetch } : {};
    switch (choice.provider) {
      case "offline":
        return createOfflineModel(choice.pricing ? { pricing: choice.pricing } : {});
      case "bedrock":
        return createBedrockModel({
          ...common,
          client: bedrockClientFor(choice.region),
          model: choice.model,
        });
      case "anthropic":
        return createAnthropicModel({
          ...common,
          ...fetchFn,
          model: choice.model,
          baseUrl: choice.baseUrl,
          apiKey: await apiKey("anthropic", choice.apiKeySecretField),
        });
      case "openai-compatible":
        return createOpenAiCompatibleModel({
          ...common,
          ...fetchFn,
          model: choice.model,
          baseUrl: choice.baseUrl,
          ...(choice.apiKeySecretField && {
            apiKey: await apiKey("openai-compatible", choice.apiKeySecretField),
          }),
          ...(choice.responseFormat && { responseFormat: choice.responseFormat }),
        });
    }
  };

  return {
    modelFor(role) {
      const choice = choiceFor(options.config, role);
      let model = models.get(choice);
      if (!model) {
        model = build(choice);
        models.set(choice, model);
        // A failed build (the secret was unreachable) is not kept: the next job tries again.
        model.catch(() => models.delete(choice));
      }
      return model;
    },
  };
}
