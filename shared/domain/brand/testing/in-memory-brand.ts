/**
 * An in-memory brand repository for use-case tests: the versions of each tenant in a map, changes
 * applied as the DynamoDB repository applies them (a status moves only from the status the plan
 * names; a version is never rewritten), and the plans it was asked to write, in order.
 */
import type { PageRequest } from "#shared/domain/stored";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { BrandPlan, BrandState, BrandVersion } from "../brand-version.ts";
import type { BrandRepository, BrandVersionPage } from "../ports.ts";

interface TenantBrand {
  state: BrandState;
  versions: Map<number, BrandVersion>;
}

export class InMemoryBrand implements BrandRepository {
  readonly #tenants = new Map<TenantId, TenantBrand>();
  readonly plans: BrandPlan[] = [];
  #clock = 0;

  #of(tenantId: TenantId): TenantBrand {
    let tenant = this.#tenants.get(tenantId);
    if (!tenant) {
      tenant = { state: { latest: 0, revision: 0 }, versions: new Map() };
      this.#tenants.set(tenantId, tenant);
    }
    return tenant;
  }

  async state(tenantId: TenantId): Promise<BrandState> {
    return { ...this.#of(tenantId).state };
  }

  async version(tenantId: TenantId, versionNumber: number): Promise<BrandVersion | undefined> {
    const version = this.#of(tenantId).versions.get(versionNumber);
    return version && structuredClone(version);
  }

  async list(tenantId: TenantId, page: PageRequest): Promise<BrandVersionPage> {
    const all = [...this.#of(tenantId).versions.values()].sort((a, b) => b.versionNumber - a.versionNumber);
    const start = page.cursor ? Number(page.cursor) : 0;
    const limit = page.limit ?? 25;
    const items = all.slice(start, start + limit).map((v) => structuredClone(v));
    return start + limit < all.length ? { items, nextCursor: String(start + limit) } : { items };
  }

  async change(
    tenantId: TenantId,
    decide: (state: BrandState) => BrandPlan | Promise<BrandPlan>,
  ): Promise<BrandVersion> {
    const tenant = this.#of(tenantId);
    const plan = await decide({ ...tenant.state });
    this.plans.push(plan);
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, this.#clock++)).toISOString();
    for (const move of plan.moves) {
      const version = tenant.versions.get(move.versionNumber);
      if (version?.status !== move.from) {
        throw new Error(`version ${move.versionNumber} is ${version?.status}, not ${move.from}`);
      }
    }
    for (const move of plan.moves) {
      const version = tenant.versions.get(move.versionNumber);
      if (!version) continue;
      version.status = move.to;
      version.statusChange = { by: move.by, at, ...(move.reason ? { reason: move.reason } : {}) };
      version.updatedAt = at;
    }
    if (plan.create) {
      const versionNumber = tenant.state.latest + 1;
      tenant.versions.set(versionNumber, {
        ...structuredClone(plan.create),
        versionNumber,
        createdAt: at,
        updatedAt: at,
      });
    }
    tenant.state = { ...plan.next, revision: tenant.state.revision + 1 };
    const result = tenant.versions.get(plan.result);
    if (!result) throw new Error(`the plan names version ${plan.result}, which does not exist`);
    return structuredClone(result);
  }
}
