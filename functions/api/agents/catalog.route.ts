import type { agentsRoutes } from "#shared/contracts/agents.routes";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import { jsonSchemasOf } from "./catalog-schemas.ts";
import type { AgentsDeps } from "./deps.ts";

/** The catalog: each agent with the JSON Schemas of its input and output, so a client can build forms. */
export function catalogRoute(deps: AgentsDeps): RouteHandler<typeof agentsRoutes.catalog> {
  const items = deps.agents.map((agent) => ({
    role: agent.role,
    title: agent.title,
    description: agent.description,
    produces: agent.produces,
    creditPrice: agent.creditPrice,
    runs: agent.runs,
    profile: agent.profile,
    ...jsonSchemasOf(agent.role),
  }));
  return async () => ok({ items });
}
