/**
 * A run's live status: one item per run, upserted at each step and gone 30 minutes after the last
 * (the table's TTL), so a reconnecting client catches up on recent runs.
 */
import type { LiveStatus, LiveStatusRepository } from "#shared/domain/agents/ports";
import {
  LIVE_STATUS_TTL_SECONDS,
  RUN_STEPS,
  type Run,
  type RunStatus,
  type RunStep,
} from "#shared/domain/agents/run";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { GuardedChange, GuardedOptions } from "../guarded-update.ts";
import type { WriteOp } from "../item.ts";
import type { SingleTable } from "../table.ts";

const LIVE = "LIVE";

type StoredLiveStatus = Omit<LiveStatus, "updatedAt">;

/** The upsert of a run's live item at a step. */
function liveChange(table: SingleTable, run: Pick<Run, "runId" | "role">, status: RunStatus, step: RunStep) {
  const expiresAt = Math.floor(table.now().getTime() / 1000) + LIVE_STATUS_TTL_SECONDS;
  const set: StoredLiveStatus = {
    runId: run.runId,
    role: run.role,
    status,
    step,
    percent: RUN_STEPS[step],
    expiresAt,
  };
  return [{ set: { ...set } }, { upsert: true, expiresAt }] as const satisfies readonly [
    GuardedChange,
    GuardedOptions,
  ];
}

/** The live item's write inside a run's transaction (accepted, succeeded, failed). */
export function liveStatusOp(
  table: SingleTable,
  tenantId: TenantId,
  run: Pick<Run, "runId" | "role">,
  status: RunStatus,
  step: RunStep,
): WriteOp {
  return table.forTenant(tenantId).updateWhereOp(LIVE, run.runId, ...liveChange(table, run, status, step));
}

export function createLiveStatusRepository(table: SingleTable): LiveStatusRepository {
  return {
    async progress(tenantId, run, step) {
      await table
        .forTenant(tenantId)
        .updateWhere(LIVE, run.runId, ...liveChange(table, run, "running", step));
    },

    async list(tenantId) {
      const page = await table.forTenant(tenantId).list<StoredLiveStatus>(LIVE, { limit: 100 });
      const nowSeconds = Math.floor(table.now().getTime() / 1000);
      return page.items.filter((item) => item.expiresAt > nowSeconds);
    },
  };
}
