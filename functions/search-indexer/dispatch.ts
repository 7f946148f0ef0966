/**
 * The indexer's dispatch table: for each indexed event (`indexedEvents`), how its data is read and
 * which item's current state it brings into the index. One small entry per source; a test fails when
 * the rule delivers an event without an entry here, or an entry names an event the rule does not.
 */
import { safeParse } from "zod/v4/core";
import { agentCompleted, agentFailed } from "#shared/contracts/agent-pipeline";
import { brandAccepted } from "#shared/contracts/brand-events";
import { contentStatusChanged } from "#shared/contracts/content-events";
import type { EventDefinition } from "#shared/contracts/event-definition";
import type { IndexChange } from "#shared/domain/search/search-document";
import { type BrandSourceDeps, brandChange } from "#shared/domain/search/sources/brand.source";
import { type ContentSourceDeps, contentChange } from "#shared/domain/search/sources/content.source";
import { type RunSourceDeps, runChange } from "#shared/domain/search/sources/run.source";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { issuesOf, UnreadableEventError } from "./read-event.ts";

/** What every source may read. */
export type IndexerDeps = ContentSourceDeps & RunSourceDeps & BrandSourceDeps;

/** Reads an event's data and answers the change it asks of the index. */
export type ChangeReader = (
  deps: IndexerDeps,
  tenantId: TenantId,
  data: unknown,
) => Promise<IndexChange | undefined>;

/** A reader for `event` that validates its data, then asks `change` for the change. */
function on<T>(
  event: EventDefinition & { schema: { _zod: { output: T } } },
  change: (deps: IndexerDeps, tenantId: TenantId, data: T) => Promise<IndexChange | undefined>,
): ChangeReader {
  return (deps, tenantId, raw) => {
    const data = safeParse(event.schema, raw);
    if (!data.success) {
      throw new UnreadableEventError(`${event.detailType}: ${issuesOf(data.error.issues)}`);
    }
    return change(deps, tenantId, data.data as T);
  };
}

export const dispatch: Readonly<Record<string, ChangeReader>> = {
  [contentStatusChanged.detailType]: on(contentStatusChanged, (deps, tenantId, data) =>
    contentChange(deps, tenantId, data.contentId),
  ),
  [agentCompleted.detailType]: on(agentCompleted, (deps, tenantId, data) =>
    runChange(deps, tenantId, data.runId),
  ),
  [agentFailed.detailType]: on(agentFailed, (deps, tenantId, data) => runChange(deps, tenantId, data.runId)),
  // The event names the version, but the brand's current state decides (a later change may have won).
  [brandAccepted.detailType]: on(brandAccepted, (deps, tenantId) => brandChange(deps, tenantId)),
};
