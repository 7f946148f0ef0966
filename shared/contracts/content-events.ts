/**
 * What the content and review loop tells the rest of the platform: a content item changed status,
 * and a person was notified. The realtime fan-out and the notifier consume them.
 */
import * as z from "zod/mini";
import { CONTENT_STATUSES } from "#shared/domain/content/content-status";
import { defineEvent } from "./event-definition.ts";

/** The `source` of the content events. */
export const CONTENT_EVENT_SOURCE = "leadmetrics.content";

const status = z.enum(CONTENT_STATUSES);

/** A content item moved from one status to another (its tenant is the envelope's). */
export const contentStatusChanged = defineEvent(
  "content.status-changed",
  z.object({
    contentId: z.string(),
    contentType: z.string(),
    /** Absent when the item was created in `to`. */
    from: z.optional(status),
    to: status,
    /** The version the change concerns (the one decided on, or the new one written). */
    version: z.number(),
    /** The run that wrote this version, when an agent's run did. */
    runId: z.optional(z.string()),
    /** Who moved it; absent when the pipeline did. */
    actorId: z.optional(z.string()),
  }),
);

/** The `source` of the notification events. */
export const NOTIFICATION_EVENT_SOURCE = "leadmetrics.notifications";

/** A notification was stored for a user (the realtime fan-out tells that user's connections). */
export const notificationCreated = defineEvent(
  "notification.created",
  z.object({
    notificationId: z.string(),
    userId: z.string(),
    kind: z.string(),
    contentId: z.optional(z.string()),
    runId: z.optional(z.string()),
  }),
);
