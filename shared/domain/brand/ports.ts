/**
 * What the brand context needs of the world, in its own terms. The DynamoDB repository
 * (`shared/adapters/dynamodb/brand/`) implements it; the use-case tests pass an in-memory one.
 */
import type { PageRequest } from "#shared/domain/stored";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { BrandPlan, BrandState, BrandVersion } from "./brand-version.ts";

/** What travels with a brand event besides its data. */
export interface BrandEventMeta {
  correlationId: string;
  /** Who made the change. */
  actorId: string;
}

/** Tells the platform that the tenant's accepted brand profile changed (the search indexer listens). */
export interface BrandEvents {
  accepted(tenantId: TenantId, version: BrandVersion, meta: BrandEventMeta): Promise<void>;
}

/** A page of versions, newest first; `nextCursor` is absent on the last page. */
export interface BrandVersionPage {
  items: BrandVersion[];
  nextCursor?: string;
}

export interface BrandRepository {
  /** Where the tenant's versions stand (`latest` 0 before the first). */
  state(tenantId: TenantId): Promise<BrandState>;
  version(tenantId: TenantId, versionNumber: number): Promise<BrandVersion | undefined>;
  /** The tenant's versions, newest first. */
  list(tenantId: TenantId, page: PageRequest): Promise<BrandVersionPage>;
  /**
   * A read-check-write: reads the state, asks `decide` for the plan (which may refuse by throwing),
   * and writes it all or nothing only while the state is still the one it read; when another change
   * got there first it reads and decides again. Answers the version the plan names.
   */
  change(
    tenantId: TenantId,
    decide: (state: BrandState) => BrandPlan | Promise<BrandPlan>,
  ): Promise<BrandVersion>;
}
