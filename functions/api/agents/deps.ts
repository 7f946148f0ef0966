import type { AgentDefinition } from "#shared/domain/agents/agent";
import type { LiveStatusRepository } from "#shared/domain/agents/ports";
import type { StartRunDeps } from "#shared/domain/agents/start-run";
import type { ContentRepository } from "#shared/domain/content/ports";
import type { Credits } from "#shared/domain/credits/ports";

/** What the agent routes need; built once per cold start in `handler.ts`. */
export interface AgentsDeps extends StartRunDeps {
  content: ContentRepository;
  live: LiveStatusRepository;
  credits: Credits;
  agents: readonly AgentDefinition[];
}
