/**
 * The part of the declaration every agent implies: its queue (with a DLQ after 5 receives), its
 * consumer — a Lambda for a `short` agent, a Fargate service for a `long` one — and the scheduled
 * sweep of the DLQs. Derived from the catalog, so adding an agent adds all of it.
 */
import type { AgentDefinition } from "#shared/domain/agents/agent";
import { deadLetterQueueName } from "./naming.ts";
import type {
  ContainerConsumerDeclaration,
  FunctionBindings,
  QueueDeclaration,
  QueueFunctionDeclaration,
  ScheduleDeclaration,
  TaskCount,
} from "./types.ts";
import { visibilityTimeoutFor } from "./validate.ts";

export interface AgentWorkerSettings {
  /** Timeout of a short agent's Lambda (one batch). */
  lambdaTimeoutSeconds: number;
  /** Longest one job of a long agent may run on Fargate. */
  containerTimeoutSeconds: number;
  /**
   * Jobs in one invocation of a short agent's Lambda, worked on side by side (the batch processor runs
   * its records in parallel). A short job mostly waits on its model too, so one sandbox holds ten as
   * well as five: half the sandboxes for the same jobs in flight, so fewer cold starts, half the billed
   * duration for I/O-bound work, and each sandbox's JIT warms on twice the jobs.
   */
  batchSize: number;
  maxBatchingWindowSeconds: number;
  /** Concurrent invocations of a short agent's Lambda: `batchSize` × this is the jobs in flight. */
  maxConcurrency: number;
  /**
   * Jobs one Fargate task works on at once. A long job mostly waits on its model's answer (minutes of
   * I/O, a few MB of text), so a 0.5 vCPU task holds many; CPU is spent between answers.
   */
  containerConcurrency: number;
  /**
   * Tasks of a long agent's service: one always runs; a backlog adds one per `containerConcurrency`
   * jobs, up to the maximum.
   */
  containerTasks: TaskCount;
  /** Deliveries before a job moves to its DLQ. */
  maxReceiveCount: number;
  /** When the DLQs are swept for runs to fail. */
  sweepExpression: string;
}

export const AGENT_WORKER_DEFAULTS: AgentWorkerSettings = {
  lambdaTimeoutSeconds: 120,
  containerTimeoutSeconds: 900,
  batchSize: 10,
  maxBatchingWindowSeconds: 1,
  maxConcurrency: 5,
  containerConcurrency: 10,
  containerTasks: { min: 1, max: 5 },
  maxReceiveCount: 5,
  sweepExpression: "rate(1 minute)",
};

export const AGENT_RUNNER_ENTRY = {
  lambda: "functions/agents/runner/lambda.handler.ts",
  container: "functions/agents/runner/container.ts",
  sweep: "functions/agents/failures/sweep.handler.ts",
} as const;

/** The queue of an agent: `agent-<role>`. */
export function agentQueueName(role: string): string {
  return `agent-${role}`;
}

/**
 * What an agent's consumer (Lambda or Fargate) is bound to: runs, events, models and their keys, and
 * search, from which every run retrieves its tenant's knowledge.
 */
export const AGENT_RUNNER_BINDINGS = {
  table: "readwrite",
  events: true,
  models: true,
  search: "read",
  secrets: ["model-api-keys"],
} as const satisfies FunctionBindings;

/** What the dead-letter sweep is bound to: runs, events, and the agents' DLQs to peek at. */
export function agentSweepBindings(roles: readonly string[]) {
  return {
    table: "readwrite",
    events: true,
    redrives: roles.map((role) => deadLetterQueueName(agentQueueName(role))),
  } as const satisfies FunctionBindings;
}

export function agentWorkers(
  agents: readonly Pick<AgentDefinition, "role" | "title" | "profile">[],
  settings: AgentWorkerSettings = AGENT_WORKER_DEFAULTS,
): {
  queues: QueueDeclaration[];
  queueFunctions: QueueFunctionDeclaration[];
  containers: ContainerConsumerDeclaration[];
  schedules: ScheduleDeclaration[];
} {
  const queues = agents.map(
    (agent): QueueDeclaration => ({
      name: agentQueueName(agent.role),
      purpose: `Jobs of the ${agent.title} agent (${agent.role}).`,
      maxReceiveCount: settings.maxReceiveCount,
      visibilityTimeoutSeconds:
        agent.profile === "short"
          ? visibilityTimeoutFor(settings.lambdaTimeoutSeconds, settings.maxBatchingWindowSeconds)
          : visibilityTimeoutFor(settings.containerTimeoutSeconds),
    }),
  );
  const queueFunctions = agents
    .filter((agent) => agent.profile === "short")
    .map(
      (agent): QueueFunctionDeclaration => ({
        name: agentQueueName(agent.role),
        entry: AGENT_RUNNER_ENTRY.lambda,
        timeoutSeconds: settings.lambdaTimeoutSeconds,
        memoryMb: 1024,
        queues: [agentQueueName(agent.role)],
        batchSize: settings.batchSize,
        maxBatchingWindowSeconds: settings.maxBatchingWindowSeconds,
        maxConcurrency: settings.maxConcurrency,
        bindings: AGENT_RUNNER_BINDINGS,
      }),
    );
  const containers = agents
    .filter((agent) => agent.profile === "long")
    .map(
      (agent): ContainerConsumerDeclaration => ({
        name: agentQueueName(agent.role),
        queue: agentQueueName(agent.role),
        entry: AGENT_RUNNER_ENTRY.container,
        timeoutSeconds: settings.containerTimeoutSeconds,
        concurrency: settings.containerConcurrency,
        cpu: 512,
        memoryMb: 1024,
        tasks: settings.containerTasks,
        bindings: AGENT_RUNNER_BINDINGS,
      }),
    );
  const schedules: ScheduleDeclaration[] = [
    {
      name: "agent-failures",
      description:
        "Fails the runs whose jobs reached a DLQ (credits released, agent.failed published); the messages stay for ops to redrive.",
      expression: settings.sweepExpression,
      target: {
        entry: AGENT_RUNNER_ENTRY.sweep,
        timeoutSeconds: 50,
        memoryMb: 512,
        bindings: agentSweepBindings(agents.map((agent) => agent.role)),
      },
    },
  ];
  return { queues, queueFunctions, containers, schedules };
}
