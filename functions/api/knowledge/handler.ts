import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { createAuditLog } from "#shared/adapters/dynamodb/audit-log";
import { createKnowledgeRepository } from "#shared/adapters/dynamodb/knowledge/knowledge-repository";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createEventPublisher } from "#shared/adapters/events";
import { createKnowledgeEvents } from "#shared/adapters/knowledge-events";
import { knowledgeApi } from "#shared/contracts/knowledge.routes";
import { KNOWLEDGE_EVENT_SOURCE } from "#shared/contracts/knowledge-events";
import { loadBindings } from "#shared/platform/bindings";
import { createApiHandler } from "#shared/platform/http/api-handler";
import type { KnowledgeRoutesDeps } from "./deps.ts";
import { addRoute, getRoute, listRoute, removeRoute } from "./documents.route.ts";

const bound = loadBindings(knowledgeApi.bindings);
const table = await openTable(bound);
const deps: KnowledgeRoutesDeps = {
  documents: createKnowledgeRepository(table),
  audit: createAuditLog(table),
  events: createKnowledgeEvents(
    createEventPublisher({
      client: new EventBridgeClient({}),
      busName: bound.eventBusName,
      source: KNOWLEDGE_EVENT_SOURCE,
    }),
  ),
};

export const handler = createApiHandler(knowledgeApi, {
  add: addRoute(deps),
  list: listRoute(deps),
  get: getRoute(deps),
  remove: removeRoute(deps),
});
