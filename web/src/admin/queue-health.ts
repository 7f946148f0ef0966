/** Agent queues as an operator reads them: what needs attention, ages, and where a redrive stands. */
import type { ResponseOf } from "../api/routes.ts";
import type { Tone } from "../ui/feedback.tsx";
import { formatDuration } from "../ui/format.ts";

export type QueueStatus = ResponseOf<"GET /api/admin/v1/queues">["items"][number];
export type RedriveAnswer = ResponseOf<"POST /api/admin/v1/queues/{role}/redrive">;

/** A job waiting longer than this (15 minutes) means the agent's workers are not keeping up. */
export const STALE_SECONDS = 15 * 60;

/** A queue's health: dead letters first (jobs failed for good), then a backlog that has gone stale. */
export function queueHealth(queue: QueueStatus): { tone: Tone; label: string } {
  if (queue.dlqDepth > 0) {
    return { tone: "danger", label: `${queue.dlqDepth} dead letter${queue.dlqDepth === 1 ? "" : "s"}` };
  }
  if ((queue.oldestMessageAgeSeconds ?? 0) > STALE_SECONDS) return { tone: "warning", label: "Backlog" };
  return { tone: "success", label: "Healthy" };
}

/** An age in seconds, or "—" when CloudWatch had no datapoint (an empty queue, or ages unavailable). */
export function formatAge(seconds: number | null): string {
  return seconds === null ? "—" : formatDuration(seconds);
}

/** The DLQ's latest redrive in words: "Running: 3 of 10 moved", "Completed: 10 moved", or "None". */
export function describeLastRedrive(redrive: QueueStatus["lastRedrive"]): string {
  if (!redrive) return "None";
  const status = redrive.status.charAt(0) + redrive.status.slice(1).toLowerCase();
  const of = redrive.toMove !== undefined ? ` of ${redrive.toMove}` : "";
  return `${status}: ${redrive.moved}${of} moved`;
}

/** Whether a redrive is still moving jobs (a second one would be refused with 409). */
export function redriveRunning(queue: QueueStatus): boolean {
  return queue.lastRedrive?.status === "RUNNING" || queue.lastRedrive?.status === "CANCELLING";
}

/** What a started redrive answered, in words. */
export function describeRedrive(answer: RedriveAnswer): string {
  const jobs = `${answer.messagesToMove} job${answer.messagesToMove === 1 ? "" : "s"}`;
  return `Redrive started: about ${jobs} moving from ${answer.deadLetterQueue} back to ${answer.queue}.`;
}
