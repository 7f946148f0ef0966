import { ulid } from "ulid";
import { InsufficientCreditsError } from "#shared/domain/errors";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { WriteOp } from "./item.ts";
import type { Page } from "./query.ts";
import type { SingleTable } from "./table.ts";

const BALANCE = "CREDITS";
const BALANCE_ID = "balance";
const LEDGER = "CREDIT_LEDGER";

/** A tenant's credits: `available` can be reserved; `reserved` is held by runs in progress. */
export interface CreditBalance {
  available: number;
  reserved: number;
  /** Every credit ever granted. */
  granted: number;
  /** Every credit ever charged. */
  spent: number;
}

const LEDGER_KINDS = ["grant", "reserve", "commit", "release"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * One change of a balance. A `reserve` moves `amount` from available to reserved; a `commit` charges
 * `amount` of a run's reservation and returns `released` to available; a `release` returns `amount`;
 * a `grant` adds `amount` to available.
 */
export interface LedgerEntry {
  kind: LedgerKind;
  amount: number;
  released?: number;
  runId?: string;
  reason?: string;
  actorId?: string;
  correlationId: string;
  at: string;
}

/**
 * Credits change only through guarded atomic updates inside transactions, each with its ledger
 * entry in the same transaction: a reservation cannot overdraw however many run at once, and the
 * ledger always adds up to the balance. Callers put these operations in the same transaction as the
 * run's own state change, so a run is charged or refunded exactly once.
 */
export function createCredits(table: SingleTable, now: () => Date = () => new Date()) {
  const entry = (tenantId: TenantId, data: Omit<LedgerEntry, "at">): WriteOp => {
    const at = now();
    return table.forTenant(tenantId).createOp<LedgerEntry>(LEDGER, ulid(at.getTime()), {
      ...data,
      at: at.toISOString(),
    });
  };
  const change = (
    tenantId: TenantId,
    add: Partial<Record<keyof CreditBalance, number>>,
    guard: { expression: string; values: Record<string, unknown> } | undefined,
    onConditionFailed: (existed: boolean) => Error,
  ): WriteOp =>
    table.forTenant(tenantId).updateWhereOp(
      BALANCE,
      BALANCE_ID,
      { add },
      {
        upsert: guard === undefined,
        guard: guard && {
          ...guard,
          // DynamoDB refuses a name the expression does not use.
          names: guard.expression.includes("#gavailable")
            ? { "#gavailable": "available" }
            : { "#greserved": "reserved" },
        },
        onConditionFailed,
      },
    );

  return {
    async balance(tenantId: TenantId): Promise<CreditBalance> {
      const item = await table
        .forTenant(tenantId)
        .get<CreditBalance>(BALANCE, BALANCE_ID, { consistent: true });
      return {
        available: item?.available ?? 0,
        reserved: item?.reserved ?? 0,
        granted: item?.granted ?? 0,
        spent: item?.spent ?? 0,
      };
    },

    /** Newest first. */
    ledger(tenantId: TenantId, options: { limit?: number; cursor?: string }): Promise<Page<LedgerEntry>> {
      return table.forTenant(tenantId).list<LedgerEntry>(LEDGER, { ...options, order: "desc" });
    },

    /** Adds credits (a super-admin's grant, with its reason). */
    async grant(
      tenantId: TenantId,
      grant: { amount: number; reason: string; actorId: string; correlationId: string },
    ): Promise<void> {
      await table.transact([
        change(tenantId, { available: grant.amount, granted: grant.amount }, undefined, () => {
          throw new Error("an unguarded grant cannot fail its condition");
        }),
        entry(tenantId, {
          kind: "grant",
          amount: grant.amount,
          reason: grant.reason,
          actorId: grant.actorId,
          correlationId: grant.correlationId,
        }),
      ]);
    },

    /** Moves `amount` from available to reserved; not enough available → 402 `INSUFFICIENT_CREDITS`. */
    reserveOps(tenantId: TenantId, run: { runId: string; amount: number; correlationId: string }): WriteOp[] {
      return [
        change(
          tenantId,
          { available: -run.amount, reserved: run.amount },
          { expression: "#gavailable >= :gamount", values: { ":gamount": run.amount } },
          () =>
            new InsufficientCreditsError(
              `This run needs ${run.amount} credits; the tenant has fewer available`,
              {
                details: { required: run.amount },
              },
            ),
        ),
        entry(tenantId, {
          kind: "reserve",
          amount: run.amount,
          runId: run.runId,
          correlationId: run.correlationId,
        }),
      ];
    },

    /** Charges `charged` of a run's `reserved` credits and returns the rest to available. */
    commitOps(
      tenantId: TenantId,
      run: { runId: string; reserved: number; charged: number; correlationId: string },
    ): WriteOp[] {
      const released = run.reserved - run.charged;
      return [
        change(
          tenantId,
          { reserved: -run.reserved, available: released, spent: run.charged },
          { expression: "#greserved >= :greserved", values: { ":greserved": run.reserved } },
          () => new Error(`credits reserved for run ${run.runId} are missing from the balance`),
        ),
        entry(tenantId, {
          kind: "commit",
          amount: run.charged,
          released,
          runId: run.runId,
          correlationId: run.correlationId,
        }),
      ];
    },

    /** Returns a run's whole reservation to available. */
    releaseOps(
      tenantId: TenantId,
      run: { runId: string; reserved: number; correlationId: string },
    ): WriteOp[] {
      return [
        change(
          tenantId,
          { reserved: -run.reserved, available: run.reserved },
          { expression: "#greserved >= :greserved", values: { ":greserved": run.reserved } },
          () => new Error(`credits reserved for run ${run.runId} are missing from the balance`),
        ),
        entry(tenantId, {
          kind: "release",
          amount: run.reserved,
          runId: run.runId,
          correlationId: run.correlationId,
        }),
      ];
    },
  };
}

export type Credits = ReturnType<typeof createCredits>;
