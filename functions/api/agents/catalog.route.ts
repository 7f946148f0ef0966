import type { agentsRoutes } from "#shared/contracts/agents.routes";
import { inputJsonSchema, outputJsonSchema } from "#shared/domain/agents/prompt";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
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
    inputSchema: inputJsonSchema(agent),
    outputSchema: outputJsonSchema(agent),
  }));
  return async () => ok({ items });
}
