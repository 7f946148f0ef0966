/**
 * A tenant's credits, as the use cases and routes see them. The DynamoDB store
 * (`shared/adapters/dynamodb/credits.ts`) implements the port; a run's reservation, charge and
 * release are written by the run repository in the same transaction as the run's own change.
 */
import type { TenantId } from "#shared/domain/tenancy/tenant-id";

/** A tenant's credits: `available` can be reserved; `reserved` is held by runs in progress. */
export interface CreditBalance {
  available: number;
  reserved: number;
  /** Every credit ever granted. */
  granted: number;
  /** Every credit ever charged. */
  spent: number;
}

export const LEDGER_KINDS = ["grant", "reserve", "commit", "release"] as const;
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

/** A ledger entry as listed: with its id. */
export interface ListedLedgerEntry extends LedgerEntry {
  id: string;
}

export interface Credits {
  balance(tenantId: TenantId): Promise<CreditBalance>;
  /** Newest first; `nextCursor` is absent on the last page. */
  ledger(
    tenantId: TenantId,
    options: { limit?: number; cursor?: string },
  ): Promise<{ items: ListedLedgerEntry[]; nextCursor?: string }>;
  /** Adds credits (a super-admin's grant, with its reason). */
  grant(
    tenantId: TenantId,
    grant: { amount: number; reason: string; actorId: string; correlationId: string },
  ): Promise<void>;
}
