import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  RUN_ACTIONS,
  RUN_REQUIREMENTS,
  type TransitionFacts,
  transitionsOf,
} from "#shared/domain/agents/run-lifecycle";
import { REQUIREMENT_CLAUSES, runCondition, statusClause } from "./run-conditions.ts";

const FACTS: Required<TransitionFacts> = { role: "setup", now: 1_700_000_000_000, attempts: 3 };

/** A condition's disjuncts, each as its set of clauses. */
function disjunctsOf(expression: string): Set<string>[] {
  return expression.split(" OR ").map((d) => new Set(d.replace(/^\(|\)$/g, "").split(" AND ")));
}

describe("the run conditions, derived from the run lifecycle", () => {
  it("give every transition of the table its guard: its from-status and each requirement, nothing else", () => {
    for (const action of RUN_ACTIONS) {
      const condition = runCondition(action, FACTS);
      const expected = transitionsOf(action).map(
        (t) =>
          new Set([
            statusClause(t.from).expression,
            ...t.requires.map((r) => REQUIREMENT_CLAUSES[r](FACTS).expression),
          ]),
      );
      expect(disjunctsOf(condition.expression), action).toEqual(expected);
    }
  });

  it("parenthesize only the disjuncts of an action with several transitions (DynamoDB refuses redundant ones)", () => {
    for (const action of RUN_ACTIONS) {
      const { expression } = runCondition(action, FACTS);
      expect(expression.includes("("), action).toBe(transitionsOf(action).length > 1);
    }
  });

  it("name and bind every placeholder a condition uses, and no other", () => {
    for (const action of RUN_ACTIONS) {
      const { expression, names = {}, values = {} } = runCondition(action, FACTS);
      expect(Object.keys(names).sort(), action).toEqual([...new Set(expression.match(/#g\w+/g))].sort());
      expect(Object.keys(values).sort(), action).toEqual([...new Set(expression.match(/:g\w+/g))].sort());
    }
  });

  it("bind the caller's facts", () => {
    expect(runCondition("claim", FACTS).values).toMatchObject({ ":grole": "setup", ":gnow": FACTS.now });
    expect(runCondition("complete", FACTS).values).toMatchObject({ ":gattempts": 3, ":grunning": "running" });
  });

  it("refuse to build a condition without a fact its requirements need", () => {
    expect(() => runCondition("claim", { now: 1 })).toThrow(/needs the fact role/);
    expect(() => runCondition("abandon", { attempts: 1 })).toThrow(/needs the fact now/);
  });

  it("translate every requirement of the lifecycle, and only those", () => {
    expect(Object.keys(REQUIREMENT_CLAUSES).sort()).toEqual([...RUN_REQUIREMENTS].sort());
  });
});

describe("the run repository", () => {
  it("moves a run only through the lifecycle's conditions: every action, and no condition of its own", async () => {
    const source = await readFile(new URL("./runs-repository.ts", import.meta.url), "utf8");
    const actions = [...source.matchAll(/transition\(\s*"([a-z-]+)"/g)].map((m) => m[1]);
    expect(new Set(actions)).toEqual(new Set(RUN_ACTIONS));
    // The one guard is the lifecycle's, set inside `transition`; no hand-written condition anywhere.
    expect(source.match(/guard:/g)).toEqual(["guard:"]);
    expect(source).toContain("guard: runCondition(action, facts)");
    expect(source).not.toMatch(/expression|ConditionExpression|#g\w+|:g\w+/);
  });
});
