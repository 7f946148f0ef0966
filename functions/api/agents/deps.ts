// biome-ignore lint/style/noRestrictedImports: failRun moves into the domain next (issue 11)
import type { RunnerDeps } from "#functions/agents/runner/process-run";
import type { RunStore } from "#shared/adapters/dynamodb/agent-runs";
import type { Credits } from "#shared/adapters/dynamodb/credits";
import type { EventPublisher } from "#shared/contracts/event-definition";
import type { JobQueue } from "#shared/contracts/job-definition";
import type { AgentDefinition } from "#shared/domain/agents/agent";

/** What the agent routes need; built once per cold start in `handler.ts`. */
export interface AgentsDeps {
  runs: RunStore;
  credits: Credits;
  jobs: JobQueue;
  events: EventPublisher;
  agents: readonly AgentDefinition[];
  agentByRole: (role: string) => AgentDefinition | undefined;
  queueOf: (role: string) => string;
  /** The pipeline's counters (a run failed because its job could not be queued). */
  count: RunnerDeps["count"];
}
