import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { createBrandEvents } from "#shared/adapters/brand-events";
import { createAuditLog } from "#shared/adapters/dynamodb/audit-log";
import { createBrandRepository } from "#shared/adapters/dynamodb/brand/brand-repository";
import { assignmentLookup } from "#shared/adapters/dynamodb/identity/assignments-repository";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createEventPublisher } from "#shared/adapters/events";
import { brandApi } from "#shared/contracts/brand.routes";
import { BRAND_EVENT_SOURCE } from "#shared/contracts/brand-events";
import { loadBindings } from "#shared/platform/bindings";
import { createApiHandler } from "#shared/platform/http/api-handler";
import { getBrandRoute, saveBrandRoute } from "./brand.route.ts";
import type { BrandRoutesDeps } from "./deps.ts";
import {
  acceptRoute,
  dismissRoute,
  getVersionRoute,
  listVersionsRoute,
  reviewVersionRoute,
} from "./versions.route.ts";

const bound = loadBindings(brandApi.bindings);
const table = await openTable(bound);
const deps: BrandRoutesDeps = {
  brand: createBrandRepository(table),
  audit: createAuditLog(table),
  events: createBrandEvents(
    createEventPublisher({
      // Made on the first change, not at cold start: most requests read (lazy-client.ts).
      client: () => new EventBridgeClient({}),
      busName: bound.eventBusName,
      source: BRAND_EVENT_SOURCE,
    }),
  ),
};

export const handler = createApiHandler(
  brandApi,
  {
    get: getBrandRoute(deps),
    save: saveBrandRoute(deps),
    listVersions: listVersionsRoute(deps),
    getVersion: getVersionRoute(deps),
    reviewVersion: reviewVersionRoute(deps),
    accept: acceptRoute(deps),
    dismiss: dismissRoute(deps),
  },
  { isAssigned: assignmentLookup(table) },
);
