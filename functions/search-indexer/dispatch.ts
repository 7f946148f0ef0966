/**
 * The indexer's dispatch table: for each indexed event (`indexedEvents`), how its data is read and
 * which item's current state it brings into the index — the item's search document, and for a
 * knowledge document its chunks too (`IndexPlan`). One small entry per event; a test fails when the
 * rule delivers an event without an entry here, or an entry names an event the rule does not.
 */
import { safeParse } from "zod/v4/core";
import { agentCompleted, agentFailed } from "#shared/contracts/agent-pipeline";
import { brandAccepted } from "#shared/contracts/brand-events";
import { contentStatusChanged } from "#shared/contracts/content-events";
import type { EventDefinition } from "#shared/contracts/event-definition";
import { knowledgeDocumentAdded, knowledgeDocumentDeleted } from "#shared/contracts/knowledge-events";
import { documentPlan, type IndexPlan } from "#shared/domain/search/index-plan";
import { type BrandSourceDeps, brandChange } from "#shared/domain/search/sources/brand.source";
import { type ContentSourceDeps, contentChange } from "#shared/domain/search/sources/content.source";
import { type KnowledgeSourceDeps, knowledgePlan } from "#shared/domain/search/sources/knowledge.source";
import { type RunSourceDeps, runChange } from "#shared/domain/search/sources/run.source";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { issuesOf, UnreadableEventError } from "./read-event.ts";

/** What every source may read. */
export type IndexerDeps = ContentSourceDeps & RunSourceDeps & BrandSourceDeps & KnowledgeSourceDeps;

/** Reads an event's data and answers what it asks of the index. */
export type ChangeReader = (deps: IndexerDeps, tenantId: TenantId, data: unknown) => Promise<IndexPlan>;

/** A reader for `event` that validates its data, then asks `plan` for the plan. */
function on<T>(
  event: EventDefinition & { schema: { _zod: { output: T } } },
  plan: (deps: IndexerDeps, tenantId: TenantId, data: T) => Promise<IndexPlan>,
): ChangeReader {
  return (deps, tenantId, raw) => {
    const data = safeParse(event.schema, raw);
    if (!data.success) {
      throw new UnreadableEventError(`${event.detailType}: ${issuesOf(data.error.issues)}`);
    }
    return plan(deps, tenantId, data.data as T);
  };
}

export const dispatch: Readonly<Record<string, ChangeReader>> = {
  [contentStatusChanged.detailType]: on(contentStatusChanged, (deps, tenantId, data) =>
    documentPlan(contentChange(deps, tenantId, data.contentId)),
  ),
  [agentCompleted.detailType]: on(agentCompleted, (deps, tenantId, data) =>
    documentPlan(runChange(deps, tenantId, data.runId)),
  ),
  [agentFailed.detailType]: on(agentFailed, (deps, tenantId, data) =>
    documentPlan(runChange(deps, tenantId, data.runId)),
  ),
  // The event names the version, but the brand's current state decides (a later change may have won).
  [brandAccepted.detailType]: on(brandAccepted, (deps, tenantId) =>
    documentPlan(brandChange(deps, tenantId)),
  ),
  // Added or deleted, the document's current state decides: an "added" handled after the delete
  // finds it gone and removes what it would have written.
  [knowledgeDocumentAdded.detailType]: on(knowledgeDocumentAdded, (deps, tenantId, data) =>
    knowledgePlan(deps, tenantId, data.documentId),
  ),
  [knowledgeDocumentDeleted.detailType]: on(knowledgeDocumentDeleted, (deps, tenantId, data) =>
    knowledgePlan(deps, tenantId, data.documentId),
  ),
};
