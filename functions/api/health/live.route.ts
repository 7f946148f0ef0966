import type { healthRoutes } from "#shared/contracts/health.routes";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";

/** Liveness: the function runs. It touches no dependency, so it cannot be failed by one. */
export const liveRoute: RouteHandler<typeof healthRoutes.live> = async () => ok({ status: "ok" });
