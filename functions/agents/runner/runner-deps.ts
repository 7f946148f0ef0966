import type { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createRunStore } from "#shared/adapters/dynamodb/agent-runs";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createEventPublisher } from "#shared/adapters/events";
import { modelApiKeysFromSecret } from "#shared/adapters/llm/model-api-keys";
import { loadModelConfig } from "#shared/adapters/llm/model-config";
import { createModelResolver } from "#shared/adapters/llm/resolve-model";
import { AGENT_EVENT_SOURCE } from "#shared/contracts/agent-pipeline";
import { AGENT_ROLES, agentByRole } from "#shared/domain/agents/catalog";
import { loadBindings } from "#shared/platform/bindings";
import { counter } from "#shared/platform/counter";
import { AGENT_RUNNER_BINDINGS } from "#shared/platform/declaration/agent-workers";
import type { RunnerDeps } from "./process-run.ts";

/** What every pipeline function (consumers, the dead-letter sweep) works with: runs, events, metrics. */
export type PipelineDeps = Pick<RunnerDeps, "runs" | "events" | "logger" | "count">;

/** Runs, events and the pipeline's counters, from a function's `table` and `events` bindings. */
export async function createPipelineDeps(options: {
  bound: Parameters<typeof openTable>[0] & { readonly eventBusName: string };
  logger: Logger;
  metrics: Metrics;
}): Promise<PipelineDeps> {
  const table = await openTable(options.bound);
  return {
    runs: createRunStore(table, createCredits(table)),
    events: createEventPublisher({
      client: new EventBridgeClient({}),
      busName: options.bound.eventBusName,
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
export async function createRunnerDeps(options: {
  leaseMs: number;
  logger: Logger;
  metrics: Metrics;
  env?: NodeJS.ProcessEnv;
}): Promise<RunnerDeps> {
  const bound = loadBindings(AGENT_RUNNER_BINDINGS, options.env);
  const models = createModelResolver({
    config: loadModelConfig(bound.agentModels, { knownAgents: AGENT_ROLES }),
    secrets: modelApiKeysFromSecret(new SecretsManagerClient({}), bound.secretId("model-api-keys")),
  });
  return {
    ...(await createPipelineDeps({ ...options, bound })),
    modelFor: (role) => models.modelFor(role),
    agentByRole,
    leaseMs: options.leaseMs,
  };
}
