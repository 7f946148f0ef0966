/** The content loop's `ContentEvents` port as `content.status-changed` on the platform bus. */
import { contentStatusChanged } from "#shared/contracts/content-events";
import type { EventPublisher } from "#shared/contracts/event-definition";
import type { ContentEvents } from "#shared/domain/content/events";

/** `events` publishes with the content source (`CONTENT_EVENT_SOURCE`). */
export function createContentEvents(events: EventPublisher): ContentEvents {
  return {
    async statusChanged(tenantId, item, meta) {
      await events.publish(
        contentStatusChanged,
        {
          contentId: item.contentId,
          contentType: item.type,
          ...(meta.from ? { from: meta.from } : {}),
          to: item.status,
          version: item.latestVersion,
          ...(meta.runId ? { runId: meta.runId } : {}),
          ...(meta.actorId ? { actorId: meta.actorId } : {}),
        },
        { correlationId: meta.correlationId, tenantId },
      );
    },
  };
}
