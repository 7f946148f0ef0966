/** The brand context's `BrandEvents` port as `brand.accepted` on the platform bus. */
import { brandAccepted } from "#shared/contracts/brand-events";
import type { EventPublisher } from "#shared/contracts/event-definition";
import type { BrandEvents } from "#shared/domain/brand/ports";

/** `events` publishes with the brand source (`BRAND_EVENT_SOURCE`). */
export function createBrandEvents(events: EventPublisher): BrandEvents {
  return {
    async accepted(tenantId, version, meta) {
      await events.publish(
        brandAccepted,
        { version: version.versionNumber, actorId: meta.actorId },
        { correlationId: meta.correlationId, tenantId },
      );
    },
  };
}
