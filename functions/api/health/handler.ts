import * as z from "zod/mini";
import { createReadinessProbes } from "#shared/adapters/readiness";
import { healthApi } from "#shared/contracts/health.routes";
import { loadConfig } from "#shared/platform/config";
import { createApiHandler } from "#shared/platform/http/api-handler";
import { liveRoute } from "./live.route.ts";
import { readyRoute } from "./ready.route.ts";

const config = loadConfig(
  z.object({
    STAGE: z.string().check(z.minLength(1)),
    TABLE_NAME: z.string().check(z.minLength(1)),
    EVENT_BUS_NAME: z.string().check(z.minLength(1)),
    QUEUE_URL_EVENTS_DLQ: z.string().check(z.minLength(1)),
    SECRET_ID_SIGNING_KEYS: z.string().check(z.minLength(1)),
  }),
);

const probes = createReadinessProbes({
  tableName: config.TABLE_NAME,
  queueUrl: config.QUEUE_URL_EVENTS_DLQ,
  eventBusName: config.EVENT_BUS_NAME,
  secretId: config.SECRET_ID_SIGNING_KEYS,
});

export const handler = createApiHandler(
  healthApi,
  { live: liveRoute, ready: readyRoute(probes) },
  { stage: config.STAGE },
);
