/**
 * What the brand context tells the rest of the platform: the tenant's accepted brand profile
 * changed (a profile saved, or a proposal accepted). The search indexer consumes it.
 */
import * as z from "zod/mini";
import { defineEvent } from "./event-definition.ts";

/** The `source` of the brand events. */
export const BRAND_EVENT_SOURCE = "leadmetrics.brand";

/**
 * A brand version became the accepted one (its tenant is the envelope's). Consumers read the brand's
 * current state rather than trusting this copy, so an old or repeated event changes nothing.
 */
export const brandAccepted = defineEvent(
  "brand.accepted",
  z.object({
    /** The version now accepted. */
    version: z.number(),
    /** Who accepted or saved it. */
    actorId: z.string(),
  }),
);
