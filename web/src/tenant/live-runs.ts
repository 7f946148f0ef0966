/**
 * Runs as the portal follows them live: the progress `/live` reports, overlaid with the realtime
 * messages that arrived since it was read. Events are not replayed after a reconnect, so `/live` is
 * the base and the overlay only ever moves a run forward (a finished run stays finished; progress
 * does not go back), whichever of the two is the older.
 */
import type { ResponseOf } from "../api/routes.ts";
import type { RealtimeMessage } from "../realtime/messages.ts";
import type { Tone } from "../ui/feedback.tsx";

type LiveItem = ResponseOf<"GET /api/tenant/v1/live">["items"][number];
export type RunStatus = LiveItem["status"];

export interface LiveRun {
  runId: string;
  role: string;
  status: RunStatus;
  /** The step the worker reported (`claimed`, `generating`, …). */
  step: string;
  percent: number;
  /** The content it wrote, once it succeeded. */
  contentId?: string;
  /** Why it failed. */
  reason?: string;
}

const FINISHED: ReadonlySet<RunStatus> = new Set(["succeeded", "failed"]);

export function isFinished(status: RunStatus): boolean {
  return FINISHED.has(status);
}

/** What a realtime message says about a run, or undefined for messages about something else. */
export function liveUpdate(message: RealtimeMessage): LiveRun | undefined {
  switch (message.type) {
    case "agent.progress":
      return {
        runId: message.data.runId,
        role: message.data.role,
        status: message.data.percent >= 100 ? "succeeded" : "running",
        step: message.data.step,
        percent: message.data.percent,
      };
    case "agent.completed":
      return {
        runId: message.data.runId,
        role: message.data.role,
        status: "succeeded",
        step: "done",
        percent: 100,
        contentId: message.data.contentId,
      };
    case "agent.failed":
      return {
        runId: message.data.runId,
        role: message.data.role,
        status: "failed",
        step: "failed",
        percent: 100,
        reason: message.data.reason,
      };
    default:
      return undefined;
  }
}

/** The further along of two views of one run. */
export function furthest(a: LiveRun, b: LiveRun): LiveRun {
  if (isFinished(a.status) !== isFinished(b.status)) return isFinished(a.status) ? a : b;
  // Two finished views: the one that knows more (a completion names its content, a failure its reason).
  if (isFinished(a.status)) return a.contentId || a.reason ? { ...b, ...a } : { ...a, ...b };
  return b.percent > a.percent ? b : a;
}

/** `/live`'s runs with the overlay applied; runs only the overlay knows (just started) come first. */
export function mergeLive(
  server: readonly LiveItem[],
  overlay: Readonly<Record<string, LiveRun>>,
): LiveRun[] {
  const known = new Set(server.map((item) => item.runId));
  const fresh = Object.values(overlay).filter((run) => !known.has(run.runId));
  const read = server.map((item) => {
    const base: LiveRun = {
      runId: item.runId,
      role: item.role,
      status: item.status,
      step: item.step,
      percent: item.percent,
    };
    const update = overlay[item.runId];
    return update ? furthest(base, update) : base;
  });
  return [...fresh, ...read];
}

const STEPS: Readonly<Record<string, string>> = {
  claimed: "Starting",
  generating: "Writing",
  repairing: "Checking the result",
  done: "Done",
  failed: "Failed",
};

/** A worker's step in plain words. */
export function stepLabel(step: string): string {
  return STEPS[step] ?? step;
}

/** The badge tone of a run's status. */
export function statusTone(status: RunStatus): Tone {
  switch (status) {
    case "succeeded":
      return "success";
    case "failed":
      return "danger";
    case "running":
      return "info";
    default:
      return "neutral";
  }
}
