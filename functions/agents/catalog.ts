/**
 * The agents of the platform, in a stable order. Plain data and zod schemas only (no AWS SDK): API
 * functions bundle it to validate a run's input, the declaration derives each agent's queue and
 * consumer from it, and the workers prompt and validate with it.
 */
import type { AgentDefinition } from "#shared/domain/agents/agent";

// The queue an agent's runs go to (`agent-<role>`): the declaration's one naming rule, re-exported.
export { agentQueueName } from "#shared/platform/declaration/agent-workers";

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

/** The roles of {@link AGENTS}, in the same order, as literals (for `z.enum`); a test keeps the two equal. */
export const AGENT_ROLES = ["setup", "strategy-writer", "blog-writer", "social-post-writer"] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

const byRole = new Map(AGENTS.map((agent) => [agent.role, agent]));

export function agentByRole(role: string): AgentDefinition | undefined {
  return byRole.get(role);
}
