import { createAuditLog } from "#shared/adapters/dynamodb/audit-log";
import { createBrandRepository } from "#shared/adapters/dynamodb/brand/brand-repository";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { brandApi } from "#shared/contracts/brand.routes";
import { loadBindings } from "#shared/platform/bindings";
import { createApiHandler } from "#shared/platform/http/api-handler";
import { getBrandRoute, saveBrandRoute } from "./brand.route.ts";
import type { BrandRoutesDeps } from "./deps.ts";
import { acceptRoute, dismissRoute, getVersionRoute, listVersionsRoute } from "./versions.route.ts";

const bound = loadBindings(brandApi.bindings);
const table = await openTable(bound);
const deps: BrandRoutesDeps = {
  brand: createBrandRepository(table),
  audit: createAuditLog(table),
};

export const handler = createApiHandler(
  brandApi,
  {
    get: getBrandRoute(deps),
    save: saveBrandRoute(deps),
    listVersions: listVersionsRoute(deps),
    getVersion: getVersionRoute(deps),
    accept: acceptRoute(deps),
    dismiss: dismissRoute(deps),
  },
  { stage: bound.stage },
);
