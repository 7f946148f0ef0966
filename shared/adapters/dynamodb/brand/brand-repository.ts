/**
 * A tenant's brand versions in the single table, under the tenant's partition:
 *
 * - `BRAND#state` — the pointer: the latest version number, the accepted one, the pending proposal.
 * - `BRAND_VERSION#000001`, `#000002`, … — one item per version (zero-padded, so the sort key orders
 *   them), written once; afterwards only its status moves.
 *
 * Every change is one transaction: the pointer, guarded by the version of the pointer it was planned
 * on, first (so a concurrent change is reported as stale and planned again); the new version, created
 * only if new; each status move, guarded by the status it moves from. `setup`'s proposal joins the
 * transaction that completes its run (`withBrandProposal`).
 */
import type { BrandProfileRepository } from "#shared/domain/agents/ports";
import type { BrandProfile } from "#shared/domain/brand/brand-profile";
import {
  type BrandPlan,
  type BrandState,
  type BrandVersion,
  type BrandVersionRecord,
  planProposal,
} from "#shared/domain/brand/brand-version";
import type { BrandRepository } from "#shared/domain/brand/ports";
import { StaleVersionError } from "#shared/domain/errors";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { Guard } from "../guarded-update.ts";
import type { Stored, WriteOp } from "../item.ts";
import type { SingleTable } from "../table.ts";
import { retryReadCheckWrite } from "../write-retry.ts";

const POINTER = "BRAND";
const POINTER_ID = "state";
const VERSION = "BRAND_VERSION";

/** The pointer item; the state's `revision` is the item's own version, not an attribute of it. */
type Pointer = Stored<Omit<BrandState, "revision">>;

/** `000042`: fixed width, so versions sort by number (up to 999,999 versions). */
const versionId = (versionNumber: number) => String(versionNumber).padStart(6, "0");

const stale = () => new StaleVersionError("The brand profile changed while this change was planned; retry");

function readPointer(table: SingleTable, tenantId: TenantId): Promise<Pointer | undefined> {
  return table
    .forTenant(tenantId)
    .get<Omit<BrandState, "revision">>(POINTER, POINTER_ID, { consistent: true });
}

function stateOf(pointer: Pointer | undefined): BrandState {
  if (!pointer) return { latest: 0, revision: 0 };
  return {
    latest: pointer.latest,
    // The pointer's own version: every change writes the pointer, guarded by it, and raises it.
    revision: pointer.version,
    ...(pointer.accepted === undefined ? {} : { accepted: pointer.accepted }),
    ...(pointer.proposed === undefined ? {} : { proposed: pointer.proposed }),
  };
}

/** A stored version as the domain sees it, without the kit's bookkeeping. */
function versionOf(item: Stored<BrandVersionRecord>): BrandVersion {
  const { id: _id, version: _kitVersion, ...rest } = item;
  return rest;
}

/** The transaction's operations of `plan`, planned on `pointer` (undefined: no version yet). */
function planOps(
  table: SingleTable,
  tenantId: TenantId,
  pointer: Pointer | undefined,
  plan: BrandPlan,
): WriteOp[] {
  const scope = table.forTenant(tenantId);
  const at = table.now();
  const { next } = plan;
  const pointerGuard: Guard = pointer
    ? { expression: "#gv = :gv", names: { "#gv": "version" }, values: { ":gv": pointer.version } }
    : { expression: "attribute_not_exists(#gv)", names: { "#gv": "version" } };
  const ops: WriteOp[] = [
    scope.updateWhereOp(
      POINTER,
      POINTER_ID,
      {
        set: { latest: next.latest, accepted: next.accepted, proposed: next.proposed },
        remove: (["accepted", "proposed"] as const).filter((field) => next[field] === undefined),
      },
      { guard: pointerGuard, upsert: pointer === undefined, at, onConditionFailed: stale },
    ),
  ];
  if (plan.create) {
    const versionNumber = (pointer?.latest ?? 0) + 1;
    const record: BrandVersionRecord = { ...plan.create, versionNumber };
    ops.push({ ...scope.createOp(VERSION, versionId(versionNumber), record), onConditionFailed: stale });
  }
  for (const move of plan.moves) {
    ops.push(
      scope.updateWhereOp(
        VERSION,
        versionId(move.versionNumber),
        {
          set: {
            status: move.to,
            statusChange: {
              by: move.by,
              at: at.toISOString(),
              ...(move.reason === undefined ? {} : { reason: move.reason }),
            },
          },
        },
        {
          guard: { expression: "#gs = :gs", names: { "#gs": "status" }, values: { ":gs": move.from } },
          at,
          onConditionFailed: stale,
        },
      ),
    );
  }
  return ops;
}

export function createBrandRepository(table: SingleTable): BrandRepository {
  const scope = (tenantId: TenantId) => table.forTenant(tenantId);
  const repository: BrandRepository = {
    async state(tenantId) {
      return stateOf(await readPointer(table, tenantId));
    },

    async version(tenantId, versionNumber) {
      const item = await scope(tenantId).get<BrandVersionRecord>(VERSION, versionId(versionNumber), {
        consistent: true,
      });
      return item && versionOf(item);
    },

    async list(tenantId, page) {
      const listed = await scope(tenantId).list<BrandVersionRecord>(VERSION, {
        limit: page.limit,
        cursor: page.cursor,
        order: "desc",
      });
      return {
        items: listed.items.map(versionOf),
        ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}),
      };
    },

    async change(tenantId, decide) {
      const result = await retryReadCheckWrite(async () => {
        const pointer = await readPointer(table, tenantId);
        const plan = await decide(stateOf(pointer));
        await table.transact(planOps(table, tenantId, pointer, plan));
        return plan.result;
      });
      const version = await repository.version(tenantId, result);
      if (!version) throw new Error(`Brand version ${result} is missing right after it was written`);
      return version;
    },
  };
  return repository;
}

/** What a run of `setup` wrote: its profile (validated by `setup`'s output schema), run and content. */
export interface BrandProposal {
  profile: unknown;
  runId: string;
  contentId: string;
}

/**
 * Runs `write` with the operations that record `proposal` as a new proposed version — planned on the
 * brand state as read now, and planned again (with `write` sent again) when another brand change got
 * there first — or, without a proposal, once with none.
 */
export function withBrandProposal(
  table: SingleTable,
  tenantId: TenantId,
  proposal: BrandProposal | undefined,
  write: (brandOps: WriteOp[]) => Promise<void>,
): Promise<void> {
  if (!proposal) return write([]);
  return retryReadCheckWrite(async () => {
    const pointer = await readPointer(table, tenantId);
    const plan = planProposal(stateOf(pointer), {
      // `setup`'s output schema is the profile's schema: the worker validated the answer with it.
      profile: proposal.profile as BrandProfile,
      runId: proposal.runId,
      contentId: proposal.contentId,
    });
    await write(planOps(table, tenantId, pointer, plan));
  });
}

/** What the worker reads: the accepted version only (a proposal is never used before it is accepted). */
export function createAcceptedBrandReader(table: SingleTable): BrandProfileRepository {
  return {
    async accepted(tenantId) {
      const pointer = await readPointer(table, tenantId);
      if (pointer?.accepted === undefined) return undefined;
      const item = await table
        .forTenant(tenantId)
        .get<BrandVersionRecord>(VERSION, versionId(pointer.accepted), { consistent: true });
      return item && { version: item.versionNumber, profile: item.profile };
    },
  };
}
