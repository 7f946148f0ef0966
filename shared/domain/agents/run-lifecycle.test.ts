import { describe, expect, it } from "vitest";
import { allows, RUN_ACTIONS, RUN_TRANSITIONS, targetOf } from "./run-lifecycle.ts";
import { aRun } from "./testing/in-memory-pipeline.ts";

const NOW = 1_700_000_000_000;

describe("the run lifecycle", () => {
  it("gives every action at least one transition and exactly one target", () => {
    for (const action of RUN_ACTIONS) expect(() => targetOf(action), action).not.toThrow();
    expect(new Set(RUN_TRANSITIONS.map((t) => t.action))).toEqual(new Set(RUN_ACTIONS));
  });

  it("never moves a run out of `succeeded`", () => {
    expect(RUN_TRANSITIONS.filter((t) => t.from === "succeeded")).toEqual([]);
  });

  it("lets a worker claim a queued run of its agent, or a running one whose lease lapsed", () => {
    const facts = { role: "setup", now: NOW };
    expect(allows("claim", aRun({ role: "setup" }), facts)).toBe(true);
    expect(allows("claim", aRun({ role: "blog-writer" }), facts)).toBe(false);
    expect(allows("claim", aRun({ role: "setup", status: "running", leaseUntil: NOW - 1 }), facts)).toBe(
      true,
    );
    expect(allows("claim", aRun({ role: "setup", status: "running", leaseUntil: NOW + 1 }), facts)).toBe(
      false,
    );
    expect(allows("claim", aRun({ role: "setup", status: "running" }), facts)).toBe(false);
    expect(allows("claim", aRun({ role: "setup", status: "failed" }), facts)).toBe(false);
  });

  it("lets only the latest claim complete, release or fail a running run", () => {
    const run = aRun({ status: "running", attempts: 2, leaseUntil: NOW - 1 });
    for (const action of ["complete", "release", "fail"] as const) {
      expect(allows(action, run, { attempts: 2 }), action).toBe(true);
      expect(allows(action, run, { attempts: 1 }), action).toBe(false);
      expect(allows(action, { ...run, status: "queued" }, { attempts: 2 }), action).toBe(false);
    }
  });

  it("redrives only a dead-lettered failure, as the caller read it", () => {
    const failure = { kind: "dead-lettered" as const, reason: "gave up", at: "" };
    const run = aRun({ status: "failed", attempts: 5, failure });
    expect(allows("redrive", run, { attempts: 5 })).toBe(true);
    expect(allows("redrive", run, { attempts: 4 })).toBe(false);
    expect(allows("redrive", { ...run, failure: { ...failure, kind: "permanent" } }, { attempts: 5 })).toBe(
      false,
    );
  });

  it("lets the sweep abandon a run nobody holds, and no other", () => {
    const facts = { attempts: 1, now: NOW };
    expect(allows("abandon", aRun({ attempts: 1 }), facts)).toBe(true);
    expect(allows("abandon", aRun({ status: "running", attempts: 1, leaseUntil: NOW - 1 }), facts)).toBe(
      true,
    );
    expect(allows("abandon", aRun({ status: "running", attempts: 1, leaseUntil: NOW + 1 }), facts)).toBe(
      false,
    );
    expect(allows("abandon", aRun({ attempts: 2 }), facts)).toBe(false);
    expect(allows("abandon", aRun({ status: "succeeded", attempts: 1 }), facts)).toBe(false);
  });
});
