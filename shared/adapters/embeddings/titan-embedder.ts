/**
 * Amazon Titan Text Embeddings v2 on Bedrock (`InvokeModel`): one text a request, a few requests at a
 * time, {@link EMBEDDING_DIMENSIONS} dimensions, normalised by the model (so cosine is a dot product,
 * as for the local embedder). Errors are classified as the chat models' are: throttling and 5xx are
 * retryable, a refused request or missing access is not.
 */
import { type BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import * as z from "zod/mini";
import type { Embedder } from "#shared/domain/knowledge/ports";
import { classifyBedrockError } from "../llm/bedrock-model.ts";
import { type ModelAdapterOptions, retryPolicy, withRetries } from "../llm/http-retry.ts";
import { EMBEDDING_DIMENSIONS } from "./dimensions.ts";

export const TITAN_EMBED_TEXT_V2 = "amazon.titan-embed-text-v2:0";

/** Requests in flight at once: Bedrock's on-demand quotas are per minute, and a document is a batch. */
const CONCURRENCY = 4;
/** Titan v2 takes up to 50,000 characters (8,192 tokens); chunks and queries are far shorter. */
const MAX_INPUT_CHARS = 50_000;

const TitanAnswer = z.object({ embedding: z.array(z.number()) });

export interface TitanEmbedderOptions extends Pick<ModelAdapterOptions, "policy" | "clock"> {
  /** Made with `createBedrockClient` (its own retries off: the adapter retries). */
  client: BedrockRuntimeClient;
  /** @default TITAN_EMBED_TEXT_V2 */
  model?: string;
}

export function createTitanEmbedder(options: TitanEmbedderOptions): Embedder {
  const model = options.model ?? TITAN_EMBED_TEXT_V2;
  const policy = retryPolicy(options.policy);
  const embedOne = (text: string) =>
    withRetries(
      async (signal) => {
        const response = await options.client.send(
          new InvokeModelCommand({
            modelId: model,
            contentType: "application/json",
            accept: "application/json",
            body: JSON.stringify({
              inputText: text.slice(0, MAX_INPUT_CHARS),
              dimensions: EMBEDDING_DIMENSIONS,
              normalize: true,
            }),
          }),
          { abortSignal: signal },
        );
        const answer = TitanAnswer.parse(JSON.parse(new TextDecoder().decode(response.body)));
        if (answer.embedding.length !== EMBEDDING_DIMENSIONS) {
          throw new Error(
            `${model} answered ${answer.embedding.length} dimensions, not ${EMBEDDING_DIMENSIONS}`,
          );
        }
        return answer.embedding;
      },
      {
        provider: "bedrock",
        policy,
        classify: classifyBedrockError,
        ...(options.clock && { clock: options.clock }),
      },
    );
  return {
    model: `${model}-${EMBEDDING_DIMENSIONS}`,
    dimensions: EMBEDDING_DIMENSIONS,
    async embed(texts) {
      const vectors = new Array<number[]>(texts.length);
      let next = 0;
      const worker = async () => {
        while (next < texts.length) {
          const i = next++;
          vectors[i] = await embedOne(texts[i] ?? "");
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, texts.length) }, worker));
      return vectors;
    },
  };
}
