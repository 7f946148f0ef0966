import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SQSClient } from "@aws-sdk/client-sqs";
import { createLiveStatusRepository } from "#shared/adapters/dynamodb/agents/live-status-repository";
import { createRunRepository } from "#shared/adapters/dynamodb/agents/runs-repository";
import { createContentRepository } from "#shared/adapters/dynamodb/content/content-repository";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createEventPublisher } from "#shared/adapters/events";
import { createJobQueue } from "#shared/adapters/jobs";
import { createRunEvents } from "#shared/adapters/run-events";
import { createRunJobs } from "#shared/adapters/run-jobs";
import { AGENT_EVENT_SOURCE } from "#shared/contracts/agent-pipeline";
import { agentsApi } from "#shared/contracts/agents.routes";
import { AGENTS, agentByRole } from "#shared/domain/agents/catalog";
import { loadBindings } from "#shared/platform/bindings";
import { counter } from "#shared/platform/counter";
import { agentQueueName } from "#shared/platform/declaration/agent-workers";
import { createApiHandler } from "#shared/platform/http/api-handler";
import { logger } from "#shared/platform/logger";
import { metrics } from "#shared/platform/observability";
import { catalogRoute } from "./catalog.route.ts";
import type { AgentsDeps } from "./deps.ts";
import { creditsRoute, getRunRoute, listRunsRoute, liveRoute } from "./runs.route.ts";
import { startRunRoute } from "./start-run.route.ts";

const bound = loadBindings(agentsApi.bindings);
const table = await openTable(bound);
const credits = createCredits(table);
const deps: AgentsDeps = {
  runs: createRunRepository(table, credits),
  content: createContentRepository(table),
  live: createLiveStatusRepository(table),
  credits,
  jobs: createRunJobs(
    // Both clients are made on the first run started, not at cold start (lazy-client.ts).
    createJobQueue({
      client: () => new SQSClient({}),
      queueUrl: bound.queueUrl,
    }),
    agentQueueName,
  ),
  events: createRunEvents(
    createEventPublisher({
      client: () => new EventBridgeClient({}),
      busName: bound.eventBusName,
      source: AGENT_EVENT_SOURCE,
    }),
  ),
  agents: AGENTS,
  agentByRole,
  logger,
  count: counter(metrics, "role"),
};

export const handler = createApiHandler(agentsApi, {
  catalog: catalogRoute(deps),
  startRun: startRunRoute(deps),
  listRuns: listRunsRoute(deps),
  getRun: getRunRoute(deps),
  live: liveRoute(deps),
  credits: creditsRoute(deps),
});
