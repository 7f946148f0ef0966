/**
 * The agents as the workers run them: each agent's definition (`catalog.ts`) joined with how it
 * prompts and drafts offline (`<agent>.prompt.ts`), in the catalog's order. Only the workers load
 * this; the API's functions load the catalog alone.
 */
import type { AgentWorker } from "#shared/domain/agents/agent";
import { blogWriterWorker } from "./blog-writer/blog-writer.prompt.ts";
import { setupWorker } from "./setup/setup.prompt.ts";
import { socialPostWriterWorker } from "./social-post-writer/social-post-writer.prompt.ts";
import { strategyWriterWorker } from "./strategy-writer/strategy-writer.prompt.ts";

export const AGENT_WORKERS: readonly AgentWorker[] = [
  setupWorker,
  strategyWriterWorker,
  blogWriterWorker,
  socialPostWriterWorker,
];

const byRole = new Map(AGENT_WORKERS.map((worker) => [worker.role, worker]));

export function workerByRole(role: string): AgentWorker | undefined {
  return byRole.get(role);
}
