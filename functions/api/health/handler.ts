import { createReadinessProbes } from "#shared/adapters/readiness";
import { healthApi } from "#shared/contracts/health.routes";
import { loadBindings } from "#shared/platform/bindings";
import { EVENTS_DLQ } from "#shared/platform/declaration/naming";
import { createApiHandler } from "#shared/platform/http/api-handler";
import { liveRoute } from "./live.route.ts";
import { readyRoute } from "./ready.route.ts";

const bound = loadBindings(healthApi.bindings);
const probes = createReadinessProbes({
  tableName: bound.tableName,
  queueUrl: bound.queueUrl(EVENTS_DLQ),
  eventBusName: bound.eventBusName,
  secretId: bound.secretId("signing-keys"),
});

export const handler = createApiHandler(healthApi, { live: liveRoute, ready: readyRoute(probes) });
