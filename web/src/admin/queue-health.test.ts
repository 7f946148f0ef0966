import { describe, expect, it } from "vitest";
import {
  describeLastRedrive,
  describeRedrive,
  formatAge,
  type QueueStatus,
  queueHealth,
  redriveRunning,
  STALE_SECONDS,
} from "./queue-health.ts";

const queue = (over: Partial<QueueStatus> = {}): QueueStatus => ({
  role: "blog-writer",
  queue: "q",
  deadLetterQueue: "q-dlq",
  depth: 0,
  inFlight: 0,
  delayed: 0,
  dlqDepth: 0,
  oldestMessageAgeSeconds: null,
  dlqOldestMessageAgeSeconds: null,
  lastRedrive: null,
  ...over,
});

describe("a queue's health", () => {
  it("puts dead letters before anything else", () => {
    expect(queueHealth(queue({ dlqDepth: 1, oldestMessageAgeSeconds: STALE_SECONDS + 1 }))).toEqual({
      tone: "danger",
      label: "1 dead letter",
    });
    expect(queueHealth(queue({ dlqDepth: 3 })).label).toBe("3 dead letters");
  });

  it("flags a backlog older than the stale limit, and is healthy otherwise", () => {
    expect(queueHealth(queue({ oldestMessageAgeSeconds: STALE_SECONDS + 1 })).tone).toBe("warning");
    expect(queueHealth(queue({ oldestMessageAgeSeconds: STALE_SECONDS })).tone).toBe("success");
    expect(queueHealth(queue()).tone).toBe("success");
  });
});

describe("ages and redrives in words", () => {
  it("writes an unknown age as a dash", () => {
    expect(formatAge(null)).toBe("—");
    expect(formatAge(90)).toBe("1 min");
  });

  it("describes the latest redrive, with its total when SQS gave one", () => {
    expect(describeLastRedrive(null)).toBe("None");
    expect(describeLastRedrive({ status: "RUNNING", moved: 3, toMove: 10 })).toBe("Running: 3 of 10 moved");
    expect(describeLastRedrive({ status: "COMPLETED", moved: 10 })).toBe("Completed: 10 moved");
  });

  it("knows a redrive that still runs", () => {
    expect(redriveRunning(queue({ lastRedrive: { status: "RUNNING", moved: 0 } }))).toBe(true);
    expect(redriveRunning(queue({ lastRedrive: { status: "FAILED", moved: 0 } }))).toBe(false);
    expect(redriveRunning(queue())).toBe(false);
  });

  it("says what a started redrive moves, and where", () => {
    expect(
      describeRedrive({
        role: "blog-writer",
        queue: "jobs",
        deadLetterQueue: "jobs-dlq",
        taskHandle: "h",
        messagesToMove: 1,
      }),
    ).toBe("Redrive started: about 1 job moving from jobs-dlq back to jobs.");
  });
});
