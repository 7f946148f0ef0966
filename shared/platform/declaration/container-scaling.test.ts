import { describe, expect, it } from "vitest";
import { scaleOut, scaleOutSteps, scales, taskCountOf } from "./container-scaling.ts";

const consumer = { concurrency: 10, tasks: { min: 1, max: 5 } };

describe("scaleOut", () => {
  it("adds a task per concurrency's worth of waiting jobs, up to the maximum", () => {
    expect(scaleOut(1, 0, consumer)).toBe(1);
    expect(scaleOut(1, 1, consumer)).toBe(2);
    expect(scaleOut(1, 10, consumer)).toBe(2);
    expect(scaleOut(1, 11, consumer)).toBe(3);
    expect(scaleOut(3, 15, consumer)).toBe(5);
    expect(scaleOut(1, 5000, consumer)).toBe(5);
    expect(scaleOut(5, 3, consumer)).toBe(5);
  });

  it("never adds to a service declared without a range", () => {
    expect(scales({})).toBe(false);
    expect(taskCountOf({})).toEqual({ min: 1, max: 1 });
    expect(scaleOut(1, 500, { concurrency: 10 })).toBe(1);
    expect(scaleOutSteps({ concurrency: 10, tasks: { min: 2, max: 2 } })).toEqual([]);
  });
});

describe("scaleOutSteps", () => {
  /** The tasks a change-in-capacity policy with these steps adds while `waiting` jobs wait. */
  const added = (steps: ReturnType<typeof scaleOutSteps>, waiting: number) =>
    steps.find((s) => s.lower <= waiting && waiting < (s.upper ?? Infinity))?.tasks ?? 0;

  it("add what scaleOut adds from the minimum, for every backlog", () => {
    for (const c of [
      consumer,
      { concurrency: 1, tasks: { min: 1, max: 3 } },
      { concurrency: 4, tasks: { min: 3, max: 6 } },
    ]) {
      const steps = scaleOutSteps(c);
      for (let waiting = 0; waiting <= c.concurrency * c.tasks.max + 5; waiting++) {
        const { min, max } = c.tasks;
        expect(Math.min(max, min + added(steps, waiting)), `${waiting} waiting, ${JSON.stringify(c)}`).toBe(
          scaleOut(min, waiting, c),
        );
      }
    }
  });
});
