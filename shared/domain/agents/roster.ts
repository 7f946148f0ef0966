/**
 * Who the platform's agents are — role, title, resource profile — without what they do (prompts,
 * schemas, offline drafts). The declaration derives each agent's queue and consumer from it and the
 * route contracts name the roles with it, so the authorizer and every function that serves no agent
 * load none of the agents. The catalog's definitions must agree with it (`catalog.test.ts`).
 */
import type { AgentDefinition } from "#shared/domain/agents/agent";

/** The roles, in the catalog's order, as literals (for `z.enum`). */
export const AGENT_ROLES = ["setup", "strategy-writer", "blog-writer", "social-post-writer"] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export const AGENT_ROSTER = [
  { role: "setup", title: "Brand setup", profile: "short" },
  { role: "strategy-writer", title: "Strategy writer", profile: "long" },
  { role: "blog-writer", title: "Blog writer", profile: "long" },
  { role: "social-post-writer", title: "Social post writer", profile: "short" },
] as const satisfies readonly (Pick<AgentDefinition, "title" | "profile"> & { role: AgentRole })[];
