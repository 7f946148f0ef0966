import { ulid } from "#shared/adapters/ulid";
import type { CreditBalance, Credits, LedgerEntry } from "#shared/domain/credits/ports";
import { InsufficientCreditsError } from "#shared/domain/errors";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { WriteOp } from "./item.ts";
import type { SingleTable } from "./table.ts";

const BALANCE = "CREDITS";
const BALANCE_ID = "balance";
const LEDGER = "CREDIT_LEDGER";

/**
 * The credit store: the port, plus the operations a run's own transaction carries (reserve, commit,
 * release), so a run is charged or refunded exactly once.
 */
export interface CreditStore extends Credits {
  /** Adds credits with their ledger entry, for a transaction of the caller's (a new tenant's starter credits). */
  grantOps(
    tenantId: TenantId,
    grant: { amount: number; reason: string; actorId: string; correlationId: string },
  ): WriteOp[];
  /** Moves `amount` from available to reserved; not enough available → `InsufficientCreditsError`. */
  reserveOps(tenantId: TenantId, run: { runId: string; amount: number; correlationId: string }): WriteOp[];
  /** Charges `charged` of a run's `reserved` credits and returns the rest to available. */
  commitOps(
    tenantId: TenantId,
    run: { runId: string; reserved: number; charged: number; correlationId: string },
  ): WriteOp[];
  /** Returns a run's whole reservation to available. */
  releaseOps(tenantId: TenantId, run: { runId: string; reserved: number; correlationId: string }): WriteOp[];
}

/**
 * Credits change only through guarded atomic updates inside transactions, each with its ledger
 * entry in the same transaction: a reservation cannot overdraw however many run at once, and the
 * ledger always adds up to the balance. Callers put these operations in the same transaction as the
 * run's own state change, so a run is charged or refunded exactly once.
 */
export function createCredits(table: SingleTable, now: () => Date = () => new Date()): CreditStore {
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
  const grantOps: CreditStore["grantOps"] = (tenantId, grant) => [
    change(tenantId, { available: grant.amount, granted: grant.amount }, undefined, () => {
      throw new Error("an unguarded grant cannot fail its condition");
    }),
    entry(tenantId, { kind: "grant", ...grant }),
  ];

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

    ledger(tenantId, options) {
      return table.forTenant(tenantId).list<LedgerEntry>(LEDGER, { ...options, order: "desc" });
    },

    grantOps,

    /** Adds credits (a super-admin's grant, with its reason). */
    async grant(
      tenantId: TenantId,
      grant: { amount: number; reason: string; actorId: string; correlationId: string },
    ): Promise<void> {
      await table.transact(grantOps(tenantId, grant));
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

export type { Credits };
