import type { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { createContentEvents } from "#shared/adapters/content-events";
import { createLiveStatusRepository } from "#shared/adapters/dynamodb/agents/live-status-repository";
import { createRunRepository } from "#shared/adapters/dynamodb/agents/runs-repository";
import { createAcceptedBrandReader } from "#shared/adapters/dynamodb/brand/brand-repository";
import { createContentRepository } from "#shared/adapters/dynamodb/content/content-repository";
import { createReviewPolicyRepository } from "#shared/adapters/dynamodb/content/review-policy-repository";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { createKnowledgeRepository } from "#shared/adapters/dynamodb/knowledge/knowledge-repository";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createEmbedder } from "#shared/adapters/embeddings/resolve-embedder";
import { createEventPublisher } from "#shared/adapters/events";
import { modelApiKeysFromSecret } from "#shared/adapters/llm/model-api-keys";
import { loadModelConfig } from "#shared/adapters/llm/model-config";
import { createModelResolver } from "#shared/adapters/llm/resolve-model";
import { createRunEvents } from "#shared/adapters/run-events";
import { createChunkIndex } from "#shared/adapters/search/knowledge-chunks";
import { openSearchStore } from "#shared/adapters/search/open-search-store";
import { extensionSecretReader, type SecretReader } from "#shared/adapters/secret-store";
import { AGENT_EVENT_SOURCE } from "#shared/contracts/agent-pipeline";
import { CONTENT_EVENT_SOURCE } from "#shared/contracts/content-events";
import type { FailRunDeps } from "#shared/domain/agents/fail-run";
import type { ProcessJobDeps } from "#shared/domain/agents/process-job";
import { AGENT_ROLES } from "#shared/domain/agents/roster";
import { workerByRole } from "#shared/domain/agents/worker-catalog";
import { loadBindings } from "#shared/platform/bindings";
import { type Tally, tally } from "#shared/platform/counter";
import { AGENT_RUNNER_BINDINGS } from "#shared/platform/declaration/agent-workers";

/** What every pipeline function (consumers, the dead-letter sweep) works with: runs, events, metrics. */
export type PipelineDeps = FailRunDeps & { logger: Logger };

/**
 * The pipeline's counters (runs by agent, dimension `role`), summed until the function publishes
 * them: at the end of an invocation, or every interval in a container.
 */
export function runCounts(metrics: Metrics): Tally {
  return tally(metrics, "role");
}

/** What a pipeline function is bound to: the table and the bus (see `loadBindings`). */
type PipelineBindings = Parameters<typeof openTable>[0] & { readonly eventBusName: string };

/** The pipeline's table and its deps, from a function's `table` and `events` bindings. */
async function openPipeline(options: {
  bound: PipelineBindings;
  logger: Logger;
  counts: Tally;
  secrets?: SecretReader | undefined;
}) {
  const table = await openTable(options.bound, options.secrets);
  const client = new EventBridgeClient({});
  const publisher = (source: string) =>
    createEventPublisher({ client, busName: options.bound.eventBusName, source });
  const deps: PipelineDeps = {
    runs: createRunRepository(table, createCredits(table)),
    events: createRunEvents(
      publisher(AGENT_EVENT_SOURCE),
      createContentEvents(publisher(CONTENT_EVENT_SOURCE)),
    ),
    logger: options.logger,
    count: (metric, role) => options.counts.count(metric, role),
  };
  return { table, deps };
}

/** Runs, events and the pipeline's counters, from a function's `table` and `events` bindings. */
export async function createPipelineDeps(options: {
  bound: PipelineBindings;
  logger: Logger;
  counts: Tally;
}): Promise<PipelineDeps> {
  return (await openPipeline(options)).deps;
}

/**
 * What both consumers (Lambda and Fargate) run jobs with: the pipeline's deps plus the model
 * configuration (`AGENT_MODELS`, checked at start) and the catalog.
 */
export async function createRunnerDeps(options: {
  leaseMs: number;
  logger: Logger;
  counts: Tally;
  env?: NodeJS.ProcessEnv;
  /**
   * How secrets are read. The Fargate consumer, where no Lambda extension runs, passes an SDK reader.
   * @default the Lambda extension (`extensionSecretReader`)
   */
  secrets?: SecretReader;
}): Promise<ProcessJobDeps> {
  const bound = loadBindings(AGENT_RUNNER_BINDINGS, options.env);
  const secrets = options.secrets ?? extensionSecretReader(options.env ? { env: options.env } : {});
  const config = loadModelConfig(bound.agentModels, { knownAgents: AGENT_ROLES });
  const models = createModelResolver({
    config,
    secrets: modelApiKeysFromSecret(secrets, bound.secretId("model-api-keys")),
  });
  const { table, deps } = await openPipeline({ ...options, bound, secrets });
  return {
    ...deps,
    live: createLiveStatusRepository(table),
    brandProfiles: createAcceptedBrandReader(table),
    content: createContentRepository(table),
    policies: createReviewPolicyRepository(table),
    modelFor: (role) => models.modelFor(role),
    // Every run retrieves its tenant's knowledge for its brief (the embedder from the same configuration),
    // once the table says the tenant has any.
    knowledge: {
      documents: createKnowledgeRepository(table),
      embedder: createEmbedder({ config }),
      chunks: createChunkIndex(openSearchStore(bound, secrets)),
    },
    workerByRole,
    leaseMs: options.leaseMs,
  };
}
