/**
 * Starter credits: what every new tenant — signed up or created by a super-admin — starts with, so its
 * first agent run is accepted rather than answered 402. The amount is a stage setting
 * (`starterCredits` in cdk.json, `STARTER_CREDITS` in the functions that create tenants).
 */

/**
 * Enough for a new tenant to try the catalog: the setup and strategy once, and several blog and social
 * posts (prices 1–5 credits).
 */
export const DEFAULT_STARTER_CREDITS = 25;

/** The reason on the ledger entry of a new tenant's starter credits. */
export const STARTER_CREDITS_REASON = "Starter credits";

/** A new tenant's first grant, written with the tenant itself. */
export interface StarterCredits {
  amount: number;
  /** Who made the tenant: the super-admin; absent on sign-up, where it is the new admin. */
  actorId?: string;
  correlationId: string;
}
