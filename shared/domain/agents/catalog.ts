/**
 * The agents of the platform, in the roster's order (`roster.ts`). Plain data and zod schemas only
 * (no AWS SDK): the agents' API functions bundle it to validate a run's input, and the workers prompt
 * and validate with it. Who the agents are (roles, profiles) is in the roster, which is lighter.
 */
import type { AgentDefinition } from "#shared/domain/agents/agent";

export { AGENT_ROLES, type AgentRole } from "./roster.ts";

import { blogWriterAgent } from "./blog-writer/blog-writer.agent.ts";
import { setupAgent } from "./setup/setup.agent.ts";
import { socialPostWriterAgent } from "./social-post-writer/social-post-writer.agent.ts";
import { strategyWriterAgent } from "./strategy-writer/strategy-writer.agent.ts";

export const AGENTS: readonly AgentDefinition[] = [
  setupAgent,
  strategyWriterAgent,
  blogWriterAgent,
  socialPostWriterAgent,
];

const byRole = new Map(AGENTS.map((agent) => [agent.role, agent]));

export function agentByRole(role: string): AgentDefinition | undefined {
  return byRole.get(role);
}
