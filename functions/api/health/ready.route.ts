import type { Probe } from "#shared/adapters/readiness";
import type { healthRoutes } from "#shared/contracts/health.routes";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok, reply } from "#shared/platform/http/reply";
import { logger } from "#shared/platform/logger";

export type DependencyStatus = "ok" | "unreachable" | "timeout";

/** How long one probe may take before its dependency counts as down. */
export const PROBE_TIMEOUT_MS = 2_000;

/**
 * Primary course: probe every dependency at once, each with its own time limit; all answer → 200.
 * Any one down → 503 in the standard error shape, with each dependency's status beside it.
 */
export function readyRoute(probes: Record<string, Probe>): RouteHandler<typeof healthRoutes.ready> {
  return async ({ requestId }) => {
    const names = Object.keys(probes);
    const results = await Promise.all(names.map((name) => runProbe(name, probes[name] as Probe)));
    const dependencies = Object.fromEntries(names.map((name, i) => [name, results[i] as DependencyStatus]));
    if (results.every((status) => status === "ok")) return ok({ status: "ok", dependencies });
    return reply(503, {
      error: { code: "DEPENDENCY_UNAVAILABLE", message: "A dependency is not reachable", requestId },
      status: "unavailable",
      dependencies,
    });
  };
}

async function runProbe(name: string, probe: Probe): Promise<DependencyStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DependencyStatus>((resolve) => {
    timer = setTimeout(() => resolve("timeout"), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([probe().then((): DependencyStatus => "ok"), timeout]);
  } catch (error) {
    logger.warn("Readiness probe failed", { dependency: name, error });
    return "unreachable";
  } finally {
    clearTimeout(timer);
  }
}
