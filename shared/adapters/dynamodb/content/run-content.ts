/**
 * The content writes that ride in a run's own transactions: accepting a revision run moves its item
 * to `generating`; completing a run writes the item's new version; a failed revision puts the request
 * for changes back in front of people.
 */
import { ulid } from "#shared/adapters/ulid";
import { PermanentRunError } from "#shared/domain/agents/errors";
import type { ContentItem, StoredContent } from "#shared/domain/content/content";
import { contentTransition } from "#shared/domain/content/content-lifecycle";
import { ContentMovedError } from "#shared/domain/content/errors";
import {
  type ContentWrite,
  firstVersion,
  type RunOutput,
  revisedVersion,
  type VersionReview,
} from "#shared/domain/content/from-run";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { Guard } from "../guarded-update.ts";
import type { WriteOp } from "../item.ts";
import type { SingleTable } from "../table.ts";
import { contentMoveOps, unchangedSince } from "./content-repository.ts";
import { CONTENT_ENTITIES, contentIndexes } from "./items.ts";

function plain(item: StoredContent): ContentItem {
  const { revision: _r, createdAt: _c, updatedAt: _u, ...rest } = item;
  return rest;
}

/** Accepting revision run `runId` moves the item to `generating`, only if it is still as read. */
export function reviseOps(
  table: SingleTable,
  tenantId: TenantId,
  item: StoredContent,
  runId: string,
  at: Date,
): WriteOp[] {
  const transition = contentTransition("revise", item.status, "pipeline", "reviewer");
  if (!transition) throw new ContentMovedError();
  const after: ContentItem = {
    ...plain(item),
    status: transition.to,
    revisionRunId: runId,
    revisions: item.revisions + 1,
  };
  return contentMoveOps(table, tenantId, plain(item), after, {
    guard: unchangedSince(item),
    onConditionFailed: () => new ContentMovedError(),
    at,
  });
}

/** Waiting for this very run: the guard of every write a revision run makes to its item. */
function awaiting(runId: string): Guard {
  return {
    expression: "#gstatus = :ggenerating AND #grun = :grun",
    names: { "#gstatus": "status", "#grun": "revisionRunId" },
    values: { ":ggenerating": "generating", ":grun": runId },
  };
}

/** What completing a run writes to content, and the item as it will be. */
export function completionOps(
  table: SingleTable,
  tenantId: TenantId,
  output: RunOutput,
  review: VersionReview,
  revising: StoredContent | undefined,
  at: Date,
): { ops: WriteOp[]; write: ContentWrite } {
  const write = revising
    ? revisedVersion(revising, output, review, at)
    : firstVersion(ulid(at.getTime()), output, review, at);
  const ops = contentMoveOps(table, tenantId, write.before && plain(write.before), write.after, {
    ...(revising ? { guard: awaiting(output.runId), remove: ["revisionRunId"] } : {}),
    version: write.version,
    onConditionFailed: () =>
      new PermanentRunError(`Content ${write.after.contentId} no longer waits for this revision`),
    at,
  });
  return { ops, write };
}

/**
 * A revision run that failed: its item goes back to `changes_requested` (the feedback stands) so a
 * person can ask again or edit by hand. Answers false when the item had moved on meanwhile.
 */
export async function revisionFailed(
  table: SingleTable,
  tenantId: TenantId,
  contentId: string,
  runId: string,
  at: Date,
): Promise<boolean> {
  const transition = contentTransition("revision-failed", "generating", "pipeline", "reviewer");
  if (!transition) throw new Error("The content lifecycle has no revision-failed move");
  const item = await table
    .forTenant(tenantId)
    .get<ContentItem>(CONTENT_ENTITIES.item, contentId, { consistent: true });
  if (!item) return false;
  const result = await table
    .forTenant(tenantId)
    .updateWhere(
      CONTENT_ENTITIES.item,
      contentId,
      { set: { status: transition.to }, remove: ["revisionRunId"] },
      { guard: awaiting(runId), indexes: contentIndexes({ ...item, status: transition.to }), at },
    );
  return result.ok;
}
