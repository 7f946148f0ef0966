/**
 * The agents of the platform, in the roster's order (`roster.ts`): their definitions — data and zod
 * schemas, no prompts or offline drafts — which the API's functions load to validate a run's input, an
 * edit or a revision. The workers run the same agents with their prompting (`worker-catalog.ts`). Who
 * the agents are (roles, profiles) is in the roster, which is lighter still.
 */
import { type AgentDefinition, catalogued } from "#shared/domain/agents/agent";
import { blogWriterAgent } from "./blog-writer/blog-writer.agent.ts";
import { setupAgent } from "./setup/setup.agent.ts";
import { socialPostWriterAgent } from "./social-post-writer/social-post-writer.agent.ts";
import { strategyWriterAgent } from "./strategy-writer/strategy-writer.agent.ts";

export { AGENT_ROLES, type AgentRole } from "./roster.ts";

export const AGENTS: readonly AgentDefinition[] = [
  catalogued(setupAgent),
  catalogued(strategyWriterAgent),
  catalogued(blogWriterAgent),
  catalogued(socialPostWriterAgent),
];

const byRole = new Map(AGENTS.map((agent) => [agent.role, agent]));

export function agentByRole(role: string): AgentDefinition | undefined {
  return byRole.get(role);
}
