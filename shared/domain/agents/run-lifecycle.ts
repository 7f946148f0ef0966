/**
 * The run lifecycle as a table: every move of a run's status, what the run must be for it and what
 * else must hold. A run is born `queued` (accepted with its credits reserved); nothing moves it except
 * the transitions below. The store translates each requirement into its write's condition, so a move
 * the table does not allow cannot be written, however many workers race for a run.
 */
import type { Run, RunStatus } from "./run.ts";

/** What a move of a run is for; each is one guarded write of the store. */
export const RUN_ACTIONS = ["claim", "redrive", "complete", "release", "fail", "abandon"] as const;
export type RunAction = (typeof RUN_ACTIONS)[number];

/**
 * What a transition requires beyond the run's status:
 * - `job-role`: the run belongs to the agent the job names (a job cannot run another agent's run);
 * - `lease-lapsed`: the worker that claimed the run let its lease run out (it died or hangs);
 * - `lease-held`: the caller's claim is still the run's latest (no worker claimed it since);
 * - `unchanged-since-read`: no worker claimed the run since the caller read it;
 * - `dead-lettered`: the run failed because its job exhausted its deliveries.
 */
export const RUN_REQUIREMENTS = [
  "job-role",
  "lease-lapsed",
  "lease-held",
  "unchanged-since-read",
  "dead-lettered",
] as const;
export type RunRequirement = (typeof RUN_REQUIREMENTS)[number];

export interface RunTransition {
  action: RunAction;
  from: RunStatus;
  to: RunStatus;
  requires: readonly RunRequirement[];
}

/** Every move a run can make. */
export const RUN_TRANSITIONS: readonly RunTransition[] = [
  // A worker takes a waiting run, or one whose worker's lease lapsed.
  { action: "claim", from: "queued", to: "running", requires: ["job-role"] },
  { action: "claim", from: "running", to: "running", requires: ["job-role", "lease-lapsed"] },
  // A dead-lettered run that ops redrove runs again (its credits are reserved again in the same write).
  { action: "redrive", from: "failed", to: "running", requires: ["dead-lettered", "unchanged-since-read"] },
  // The worker that holds the run finishes it (content, charge), gives it back, or fails it.
  { action: "complete", from: "running", to: "succeeded", requires: ["lease-held"] },
  { action: "release", from: "running", to: "queued", requires: ["lease-held"] },
  { action: "fail", from: "running", to: "failed", requires: ["lease-held"] },
  // Without a worker (the dead-letter sweep, a job that could not be queued): a run nobody holds.
  { action: "abandon", from: "queued", to: "failed", requires: ["unchanged-since-read"] },
  { action: "abandon", from: "running", to: "failed", requires: ["lease-lapsed", "unchanged-since-read"] },
];

/** The transitions of one action (one write, allowed from any of their `from` states). */
export function transitionsOf(action: RunAction): readonly RunTransition[] {
  return RUN_TRANSITIONS.filter((t) => t.action === action);
}

/** Where an action leaves a run: every action has one target. */
export function targetOf(action: RunAction): RunStatus {
  const [first, ...rest] = transitionsOf(action);
  if (!first || rest.some((t) => t.to !== first.to)) {
    throw new Error(`The run lifecycle must give ${action} exactly one target status`);
  }
  return first.to;
}

/** The facts a requirement is checked against: the caller's, not the run's. */
export interface TransitionFacts {
  /** The agent the job names (`job-role`). */
  role?: string;
  /** Now, in epoch ms (`lease-lapsed`). */
  now?: number;
  /** The claims the caller saw on the run (`lease-held`, `unchanged-since-read`). */
  attempts?: number;
}

/** A requirement's fact the caller must give; missing, it is a programming error. */
export function factFor<K extends keyof TransitionFacts>(
  facts: TransitionFacts,
  name: K,
  requirement: RunRequirement,
): NonNullable<TransitionFacts[K]> {
  const value = facts[name];
  if (value === undefined) throw new Error(`The run requirement ${requirement} needs the fact ${name}`);
  return value as NonNullable<TransitionFacts[K]>;
}

/** Whether `run` meets one requirement, in memory (the store checks the same in its condition). */
export function meets(run: Run, requirement: RunRequirement, facts: TransitionFacts): boolean {
  switch (requirement) {
    case "job-role":
      return run.role === factFor(facts, "role", requirement);
    case "lease-lapsed":
      return run.leaseUntil !== undefined && run.leaseUntil < factFor(facts, "now", requirement);
    case "lease-held":
    case "unchanged-since-read":
      return run.attempts === factFor(facts, "attempts", requirement);
    case "dead-lettered":
      return run.failure?.kind === "dead-lettered";
  }
}

/** Whether the table lets `action` move `run` now. */
export function allows(action: RunAction, run: Run, facts: TransitionFacts): boolean {
  return transitionsOf(action).some(
    (t) => t.from === run.status && t.requires.every((requirement) => meets(run, requirement, facts)),
  );
}
