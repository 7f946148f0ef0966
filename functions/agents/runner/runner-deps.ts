import type { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import * as z from "zod/mini";
import { createBrandProfileRepository } from "#shared/adapters/dynamodb/agents/brand-profile-repository";
import { createLiveStatusRepository } from "#shared/adapters/dynamodb/agents/live-status-repository";
import { createRunRepository } from "#shared/adapters/dynamodb/agents/runs-repository";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { SingleTable } from "#shared/adapters/dynamodb/single-table";
import { createEventPublisher } from "#shared/adapters/events";
import { modelApiKeysFromSecret } from "#shared/adapters/llm/model-api-keys";
import { loadModelConfig } from "#shared/adapters/llm/model-config";
import { createModelResolver } from "#shared/adapters/llm/resolve-model";
import { createRunEvents } from "#shared/adapters/run-events";
import { AGENT_EVENT_SOURCE } from "#shared/contracts/agent-pipeline";
import { AGENT_ROLES, agentByRole } from "#shared/domain/agents/catalog";
import type { FailRunDeps } from "#shared/domain/agents/fail-run";
import type { ProcessJobDeps } from "#shared/domain/agents/process-job";
import { loadConfig } from "#shared/platform/config";
import { counter } from "#shared/platform/counter";

const pipelineConfig = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  EVENT_BUS_NAME: z.string().check(z.minLength(1)),
});
const modelsConfig = z.object({ SECRET_ID_MODEL_API_KEYS: z.string().check(z.minLength(1)) });

/** What every pipeline function (consumers, the dead-letter sweep) works with: runs, events, metrics. */
export type PipelineDeps = FailRunDeps & { logger: Logger };

/** The pipeline's table and its deps, from a function's `table` and `events` bindings. */
function openPipeline(options: { logger: Logger; metrics: Metrics; env?: NodeJS.ProcessEnv }) {
  const config = loadConfig(pipelineConfig, options.env ?? process.env);
  const table = new SingleTable({ client: new DynamoDBClient({}), tableName: config.TABLE_NAME });
  const deps: PipelineDeps = {
    runs: createRunRepository(table, createCredits(table)),
    events: createRunEvents(
      createEventPublisher({
        client: new EventBridgeClient({}),
        busName: config.EVENT_BUS_NAME,
        source: AGENT_EVENT_SOURCE,
      }),
    ),
    logger: options.logger,
    count: counter(options.metrics, "role"),
  };
  return { table, deps };
}

/** Runs, events and the pipeline's counters, from a function's `table` and `events` bindings. */
export function createPipelineDeps(options: {
  logger: Logger;
  metrics: Metrics;
  env?: NodeJS.ProcessEnv;
}): PipelineDeps {
  return openPipeline(options).deps;
}

/**
 * What both consumers (Lambda and Fargate) run jobs with: the pipeline's deps plus the model
 * configuration (`AGENT_MODELS`, checked at start) and the catalog.
 */
export function createRunnerDeps(options: {
  leaseMs: number;
  logger: Logger;
  metrics: Metrics;
  env?: NodeJS.ProcessEnv;
}): ProcessJobDeps {
  const env = options.env ?? process.env;
  const config = loadConfig(modelsConfig, env);
  const models = createModelResolver({
    config: loadModelConfig(env, { knownAgents: AGENT_ROLES }),
    secrets: modelApiKeysFromSecret(new SecretsManagerClient({}), config.SECRET_ID_MODEL_API_KEYS),
  });
  const { table, deps } = openPipeline(options);
  return {
    ...deps,
    live: createLiveStatusRepository(table),
    brandProfiles: createBrandProfileRepository(table),
    modelFor: (role) => models.modelFor(role),
    agentByRole,
    leaseMs: options.leaseMs,
  };
}
