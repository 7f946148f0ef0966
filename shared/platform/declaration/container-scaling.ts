import type { ContainerConsumerDeclaration, TaskCount } from "./types.ts";

type Scaled = Pick<ContainerConsumerDeclaration, "concurrency" | "tasks">;

/**
 * How a container consumer declared with a task range scales, in AWS (the CDK policies) and in the
 * local cloud alike. Jobs that wait add tasks. Tasks are taken away only once the queue has held no
 * job for `idleSeconds`, back to the minimum: a task stopped mid-job gives its jobs back and their
 * work is lost (a long job is minutes of a model's output). (In AWS the metrics lag by a minute or
 * two, so a job received just before the scale-in can still meet it: it is released and runs again.)
 */
export const CONTAINER_SCALING = {
  /** CloudWatch's SQS metrics come once a minute; each alarm reads one-minute periods. */
  periodSeconds: 60,
  /** After a scale-out, the next waits this long, so the tasks just started can take jobs first. */
  cooldownSeconds: 60,
  /** How long the queue must hold no job (waiting or in flight) before the surplus tasks stop. */
  idleSeconds: 300,
} as const;

/** A container consumer's task bounds, the default filled in. */
export function taskCountOf(container: Pick<ContainerConsumerDeclaration, "tasks">): TaskCount {
  return container.tasks ?? { min: 1, max: 1 };
}

/** Whether the service scales at all (its bounds differ). */
export function scales(container: Pick<ContainerConsumerDeclaration, "tasks">): boolean {
  const { min, max } = taskCountOf(container);
  return max > min;
}

/**
 * The task count after one scale-out while `waiting` jobs wait to be received: a slot for each,
 * `concurrency` slots per task, up to the maximum. No jobs waiting → unchanged.
 */
export function scaleOut(current: number, waiting: number, container: Scaled): number {
  const { max } = taskCountOf(container);
  const added = Math.ceil(Math.max(0, waiting) / container.concurrency);
  return Math.min(max, current + added);
}

/** One step of the scale-out policy: while [lower, upper) jobs wait, add `tasks`. */
export interface ScaleOutStep {
  lower: number;
  upper?: number;
  tasks: number;
}

/**
 * `scaleOut` as the steps of a change-in-capacity step scaling policy on the waiting jobs: one step
 * per task count it can add, the last open-ended (Application Auto Scaling then caps at the maximum).
 * Empty when the service does not scale.
 */
export function scaleOutSteps(container: Scaled): ScaleOutStep[] {
  const { min, max } = taskCountOf(container);
  const steps: ScaleOutStep[] = [];
  for (let tasks = 1; tasks <= max - min; tasks += 1) {
    steps.push({
      lower: (tasks - 1) * container.concurrency + 1,
      ...(tasks < max - min ? { upper: tasks * container.concurrency + 1 } : {}),
      tasks,
    });
  }
  return steps;
}
