import type { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import * as z from "zod/mini";
import { createRunStore } from "#shared/adapters/dynamodb/agent-runs";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createEventPublisher } from "#shared/adapters/events";
import { modelApiKeysFromSecret } from "#shared/adapters/llm/model-api-keys";
import { loadModelConfig } from "#shared/adapters/llm/model-config";
import { createModelResolver } from "#shared/adapters/llm/resolve-model";
import { AGENT_EVENT_SOURCE } from "#shared/contracts/agent-pipeline";
import { AGENT_ROLES, agentByRole } from "#shared/domain/agents/catalog";
import { loadConfig } from "#shared/platform/config";
import { counter } from "#shared/platform/counter";
import type { RunnerDeps } from "./process-run.ts";

const pipelineConfig = z.object({ EVENT_BUS_NAME: z.string().check(z.minLength(1)) });
const modelsConfig = z.object({ SECRET_ID_MODEL_API_KEYS: z.string().check(z.minLength(1)) });

/** What every pipeline function (consumers, the dead-letter sweep) works with: runs, events, metrics. */
export type PipelineDeps = Pick<RunnerDeps, "runs" | "events" | "logger" | "count">;

/** Runs, events and the pipeline's counters, from a function's `table` and `events` bindings. */
export function createPipelineDeps(options: {
  logger: Logger;
  metrics: Metrics;
  env?: NodeJS.ProcessEnv;
}): PipelineDeps {
  const env = options.env ?? process.env;
  const config = loadConfig(pipelineConfig, env);
  const table = openTable({ env });
  return {
    runs: createRunStore(table, createCredits(table)),
    events: createEventPublisher({
      client: new EventBridgeClient({}),
      busName: config.EVENT_BUS_NAME,
      source: AGENT_EVENT_SOURCE,
    }),
    logger: options.logger,
    count: counter(options.metrics, "role"),
  };
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
}): RunnerDeps {
  const env = options.env ?? process.env;
  const config = loadConfig(modelsConfig, env);
  const models = createModelResolver({
    config: loadModelConfig(env, { knownAgents: AGENT_ROLES }),
    secrets: modelApiKeysFromSecret(new SecretsManagerClient({}), config.SECRET_ID_MODEL_API_KEYS),
  });
  return {
    ...createPipelineDeps(options),
    modelFor: (role) => models.modelFor(role),
    agentByRole,
    leaseMs: options.leaseMs,
  };
}
