import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SQSClient } from "@aws-sdk/client-sqs";
import { createRunStore } from "#shared/adapters/dynamodb/agent-runs";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createEventPublisher } from "#shared/adapters/events";
import { createJobQueue } from "#shared/adapters/jobs";
import { AGENT_EVENT_SOURCE } from "#shared/contracts/agent-pipeline";
import { agentsApi } from "#shared/contracts/agents.routes";
import { AGENTS, agentByRole } from "#shared/domain/agents/catalog";
import { loadBindings } from "#shared/platform/bindings";
import { counter } from "#shared/platform/counter";
import { agentQueueName } from "#shared/platform/declaration/agent-workers";
import { createApiHandler } from "#shared/platform/http/api-handler";
import { metrics } from "#shared/platform/observability";
import { catalogRoute } from "./catalog.route.ts";
import type { AgentsDeps } from "./deps.ts";
import { creditsRoute, getRunRoute, listRunsRoute, liveRoute } from "./runs.route.ts";
import { startRunRoute } from "./start-run.route.ts";

const bound = loadBindings(agentsApi.bindings);
const table = await openTable(bound);
const credits = createCredits(table);
const deps: AgentsDeps = {
  runs: createRunStore(table, credits),
  credits,
  jobs: createJobQueue({
    client: new SQSClient({}),
    queueUrl: bound.queueUrl,
  }),
  events: createEventPublisher({
    client: new EventBridgeClient({}),
    busName: bound.eventBusName,
    source: AGENT_EVENT_SOURCE,
  }),
  agents: AGENTS,
  agentByRole,
  queueOf: agentQueueName,
  count: counter(metrics, "role"),
};

export const handler = createApiHandler(
  agentsApi,
  {
    catalog: catalogRoute(deps),
    startRun: startRunRoute(deps),
    listRuns: listRunsRoute(deps),
    getRun: getRunRoute(deps),
    live: liveRoute(deps),
    credits: creditsRoute(deps),
  },
  { stage: bound.stage },
);
