/** The knowledge base's embedder from the stage's model configuration (`embeddings`). */
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { Embedder } from "#shared/domain/knowledge/ports";
import { createBedrockClient } from "../llm/bedrock-model.ts";
import type { ModelConfig } from "../llm/model-config.ts";
import { createLocalEmbedder } from "./local-embedder.ts";
import { createTitanEmbedder } from "./titan-embedder.ts";

export interface EmbedderOptions {
  config: ModelConfig;
  /** @default a `createBedrockClient` in the choice's region */
  bedrockClient?: BedrockRuntimeClient;
}

/** Absent `embeddings` → the local embedder; `bedrock` → Titan v2's request shape on the named model. */
export function createEmbedder(options: EmbedderOptions): Embedder {
  const choice = options.config.embeddings ?? { provider: "local" };
  if (choice.provider === "local") return createLocalEmbedder();
  const client = options.bedrockClient ?? createBedrockClient(choice.region ? { region: choice.region } : {});
  return createTitanEmbedder({ client, model: choice.model });
}
