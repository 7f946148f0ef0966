/**
 * The search indexer, target of the `search-indexer` event rule. For each event it reads the changed
 * item's current state from the table (never the event's copy of it) and writes it to the tenant's
 * search documents with the item's version as the external version, or removes it: an event that
 * arrives twice or after a newer one finds the index already at that version or newer, which is
 * success (`stale`, logged at debug). Any other failure fails the invocation; Lambda retries it twice,
 * then the event waits in the events DLQ (`npm run ops -- dlq …`).
 */

import { createRunRepository } from "#shared/adapters/dynamodb/agents/runs-repository";
import { createBrandRepository } from "#shared/adapters/dynamodb/brand/brand-repository";
import { createContentRepository } from "#shared/adapters/dynamodb/content/content-repository";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { openSearchStore } from "#shared/adapters/search/open-search-store";
import { searchIndexerRule } from "#shared/contracts/search-indexer";
import { applyChange, type ChangeOutcome } from "#shared/domain/search/apply-change";
import { CONTENT_INDEX } from "#shared/domain/search/search-document";
import { loadBindings } from "#shared/platform/bindings";
import { logger } from "#shared/platform/observability";
import { dispatch } from "./dispatch.ts";
import { readIndexerEvent } from "./read-event.ts";

const bound = loadBindings(searchIndexerRule.target.bindings);
const table = await openTable(bound);
const search = openSearchStore(bound);
const deps = {
  content: createContentRepository(table),
  runs: createRunRepository(table, createCredits(table)),
  brand: createBrandRepository(table),
};

export async function handler(raw: unknown): Promise<{ outcome: ChangeOutcome }> {
  logger.resetKeys();
  let read: ReturnType<typeof readIndexerEvent>;
  try {
    read = readIndexerEvent(raw, dispatch);
  } catch (error) {
    const eventId = typeof raw === "object" && raw !== null && "id" in raw ? String(raw.id) : undefined;
    logger.error("The search indexer could not read an event", { eventBridgeId: eventId, error });
    throw error;
  }
  const { tenantId, correlationId, eventId, detailType, data, reader } = read;
  logger.appendKeys({ correlation_id: correlationId, tenant_id: tenantId, event_id: eventId });
  try {
    const change = await reader(deps, tenantId, data);
    const outcome = await applyChange(search.forTenant(tenantId, CONTENT_INDEX), change);
    const detail = {
      detailType,
      outcome,
      document: change && "id" in change ? change.id : change?.document.id,
    };
    // A stale write is an old or repeated event: expected, so not worth an info line each time.
    if (outcome === "stale" || outcome === "nothing") logger.debug("Search index already current", detail);
    else logger.info("Search index updated", detail);
    return { outcome };
  } catch (error) {
    logger.error("The search indexer failed", { detailType, error });
    throw error;
  }
}
