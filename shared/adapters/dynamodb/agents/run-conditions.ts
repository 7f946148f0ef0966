/**
 * The run lifecycle (`shared/domain/agents/run-lifecycle.ts`) as DynamoDB conditions: an action's
 * write is allowed when the stored run is in one of the action's `from` states and meets that
 * transition's requirements. Nothing here decides what may move; it only spells the table.
 */
import {
  factFor,
  type RunAction,
  type RunRequirement,
  type TransitionFacts,
  transitionsOf,
} from "#shared/domain/agents/run-lifecycle";
import type { Guard } from "../guarded-update.ts";

/** A condition over the run's own attributes: names start with `#g`, values with `:g`. */
type Clause = Required<Guard>;

/** Each requirement's clause: the same fact as `meets` checks in memory. */
export const REQUIREMENT_CLAUSES: { [R in RunRequirement]: (facts: TransitionFacts) => Clause } = {
  "job-role": (facts) => ({
    expression: "#grole = :grole",
    names: { "#grole": "role" },
    values: { ":grole": factFor(facts, "role", "job-role") },
  }),
  // A run without a lease never counts as lapsed: a comparison with a missing attribute is false.
  "lease-lapsed": (facts) => ({
    expression: "#glease < :gnow",
    names: { "#glease": "leaseUntil" },
    values: { ":gnow": factFor(facts, "now", "lease-lapsed") },
  }),
  "lease-held": (facts) => ({
    expression: "#gattempts = :gattempts",
    names: { "#gattempts": "attempts" },
    values: { ":gattempts": factFor(facts, "attempts", "lease-held") },
  }),
  "unchanged-since-read": (facts) => ({
    expression: "#gattempts = :gattempts",
    names: { "#gattempts": "attempts" },
    values: { ":gattempts": factFor(facts, "attempts", "unchanged-since-read") },
  }),
  "dead-lettered": () => ({
    expression: "#gfailure.#gkind = :gdeadLettered",
    names: { "#gfailure": "failure", "#gkind": "kind" },
    values: { ":gdeadLettered": "dead-lettered" },
  }),
};

/** The clause that the run is in `status`. */
export function statusClause(status: string): Clause {
  return {
    expression: `#gstatus = :g${status}`,
    names: { "#gstatus": "status" },
    values: { [`:g${status}`]: status },
  };
}

/**
 * The condition of an action's write: one disjunct per transition of the action, each the `from`
 * status and the transition's requirements.
 */
export function runCondition(action: RunAction, facts: TransitionFacts): Guard {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const disjuncts = transitionsOf(action).map((transition) => {
    const clauses = [
      statusClause(transition.from),
      ...transition.requires.map((r) => REQUIREMENT_CLAUSES[r](facts)),
    ];
    for (const clause of clauses) {
      Object.assign(names, clause.names);
      Object.assign(values, clause.values);
    }
    return clauses.map((clause) => clause.expression).join(" AND ");
  });
  if (disjuncts.length === 0) throw new Error(`The run lifecycle has no transition for ${action}`);
  // DynamoDB refuses redundant parentheses, and the data kit already wraps a guard in its own.
  const expression =
    disjuncts.length === 1 ? disjuncts.join("") : disjuncts.map((d) => `(${d})`).join(" OR ");
  return { expression, names, values };
}
