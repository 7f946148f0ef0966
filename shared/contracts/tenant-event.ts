/**
 * A tenant's domain event as EventBridge hands it to a rule's target (the notifier, the indexers):
 * the envelope (`EventEnvelope`) with its tenant, its `detail.data` still to be read by type against
 * the event's own contract.
 */
import * as z from "zod/mini";

/** The envelope's metadata, as a tenant event's target requires it: with a tenant. */
const metadata = z.object({
  eventId: z.string().check(z.minLength(1), z.maxLength(128)),
  correlationId: z.string(),
  tenantId: z.string(),
  occurredAt: z.string(),
});

export const tenantEventOnTheBus = z.object({
  id: z.string(),
  source: z.string(),
  "detail-type": z.string(),
  detail: z.object({ metadata, data: z.unknown() }),
});
export type TenantEventOnTheBus = z.infer<typeof tenantEventOnTheBus>;
