/**
 * What the realtime socket delivers (docs/realtime.md), typed from the events' own schemas.
 */
import type { output } from "zod/v4/core";
import type { agentCompleted, agentFailed, agentProgress } from "#shared/contracts/agent-pipeline";
import type { contentStatusChanged, notificationCreated } from "#shared/contracts/content-events";

interface Envelope<T extends string, D> {
  type: T;
  tenantId?: string;
  runId?: string;
  contentId?: string;
  correlationId: string;
  data: D;
}

export type RealtimeMessage =
  | Envelope<"agent.progress", output<(typeof agentProgress)["schema"]>>
  | Envelope<"agent.completed", output<(typeof agentCompleted)["schema"]>>
  | Envelope<"agent.failed", output<(typeof agentFailed)["schema"]>>
  | Envelope<"content.status-changed", output<(typeof contentStatusChanged)["schema"]>>
  | Envelope<"notification.created", output<(typeof notificationCreated)["schema"]>>;

const TYPES = new Set<string>([
  "agent.progress",
  "agent.completed",
  "agent.failed",
  "content.status-changed",
  "notification.created",
]);

/** A frame's message, or undefined for a pong or anything this portal does not know. */
export function messageOf(frame: string): RealtimeMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const message = value as { type?: unknown; data?: unknown };
  if (typeof message.type !== "string" || !TYPES.has(message.type)) return undefined;
  if (typeof message.data !== "object" || message.data === null) return undefined;
  return value as RealtimeMessage;
}
