import { describe, expect, it } from "vitest";
import type { RealtimeMessage } from "../realtime/messages.ts";
import { furthest, type LiveRun, liveUpdate, mergeLive, statusTone, stepLabel } from "./live-runs.ts";

const progress = (runId: string, percent: number, step = "generating"): RealtimeMessage => ({
  type: "agent.progress",
  correlationId: "c",
  data: { runId, role: "blog-writer", step, percent },
});

const item = (runId: string, percent: number, status: LiveRun["status"] = "running") => ({
  runId,
  role: "blog-writer",
  status,
  step: "generating" as const,
  percent,
  updatedAt: "2026-12-06T05:00:00.000Z",
});

describe("liveUpdate", () => {
  it("reads progress, completion and failure; ignores other messages", () => {
    expect(liveUpdate(progress("r1", 30))).toMatchObject({ runId: "r1", status: "running", percent: 30 });
    expect(
      liveUpdate({
        type: "agent.completed",
        correlationId: "c",
        data: {
          runId: "r1",
          role: "blog-writer",
          contentId: "C1",
          contentType: "blog-post",
          creditsCharged: 2,
          model: { provider: "offline", model: "m" },
        },
      }),
    ).toMatchObject({ status: "succeeded", percent: 100, contentId: "C1" });
    expect(
      liveUpdate({
        type: "agent.failed",
        correlationId: "c",
        data: {
          runId: "r1",
          role: "blog-writer",
          kind: "permanent",
          reason: "Bad answer",
          creditsReleased: 3,
        },
      }),
    ).toMatchObject({ status: "failed", reason: "Bad answer" });
    expect(
      liveUpdate({
        type: "notification.created",
        correlationId: "c",
        data: { notificationId: "n", userId: "u", kind: "run.failed", runId: "r1" },
      }),
    ).toBeUndefined();
  });
});

describe("mergeLive", () => {
  it("moves a run forward with a newer message and lists runs only the socket knows first", () => {
    const update = liveUpdate(progress("r1", 70, "repairing"));
    const started = liveUpdate(progress("r2", 5, "claimed"));
    if (!update || !started) throw new Error("no update");
    const merged = mergeLive([item("r1", 30), item("r0", 100, "succeeded")], { r1: update, r2: started });
    expect(merged.map((run) => [run.runId, run.percent, run.step])).toEqual([
      ["r2", 5, "claimed"],
      ["r1", 70, "repairing"],
      ["r0", 100, "generating"],
    ]);
  });

  it("never moves a run back when /live, re-read after a reconnect, is ahead of the overlay", () => {
    const stale = liveUpdate(progress("r1", 30));
    if (!stale) throw new Error("no update");
    expect(mergeLive([item("r1", 70)], { r1: stale })[0]?.percent).toBe(70);
    expect(mergeLive([item("r1", 100, "succeeded")], { r1: stale })[0]?.status).toBe("succeeded");
  });
});

describe("furthest", () => {
  it("prefers a finished view, and of two finished ones keeps what the completion said", () => {
    const running: LiveRun = { runId: "r", role: "x", status: "running", step: "generating", percent: 30 };
    const done: LiveRun = { ...running, status: "succeeded", step: "done", percent: 100 };
    const completed: LiveRun = { ...done, contentId: "C1" };
    expect(furthest(running, done)).toBe(done);
    expect(furthest(done, running)).toBe(done);
    expect(furthest(done, completed).contentId).toBe("C1");
    expect(furthest(completed, done).contentId).toBe("C1");
  });
});

describe("labels", () => {
  it("names steps in plain words and gives each status a tone", () => {
    expect(stepLabel("generating")).toBe("Writing");
    expect(stepLabel("unknown-step")).toBe("unknown-step");
    expect(statusTone("failed")).toBe("danger");
    expect(statusTone("succeeded")).toBe("success");
    expect(statusTone("queued")).toBe("neutral");
  });
});
