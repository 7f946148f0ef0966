import type { Probe } from "#shared/adapters/readiness";
import type { healthRoutes } from "#shared/contracts/health.routes";
import { DependencyUnavailableError } from "#shared/domain/errors";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import { logger } from "#shared/platform/logger";

export type DependencyStatus = "ok" | "unreachable" | "timeout";

/** How long one probe may take before its dependency counts as down. */
export const PROBE_TIMEOUT_MS = 2_000;
/**
 * How long one round of probes answers every caller. The route is public: without this, each
 * anonymous request would fan out into four control-plane calls.
 */
export const READINESS_CACHE_MS = 2_000;

/**
 * Primary course: probe every dependency at once (one round at a time, reused for a few seconds),
 * each with its own time limit; all answer → 200. Any one down → 503 in the standard error shape,
 * naming each dependency's status.
 */
export function readyRoute(
  probes: Record<string, Probe>,
  options: { cacheMs?: number; now?: () => number } = {},
): RouteHandler<typeof healthRoutes.ready> {
  const cacheMs = options.cacheMs ?? READINESS_CACHE_MS;
  const now = options.now ?? Date.now;
  let round: { startedAt: number; result: Promise<Record<string, DependencyStatus>> } | undefined;
  return async () => {
    if (!round || now() - round.startedAt >= cacheMs) round = { startedAt: now(), result: probeAll(probes) };
    const dependencies = await round.result;
    if (Object.values(dependencies).every((status) => status === "ok"))
      return ok({ status: "ok", dependencies });
    throw new DependencyUnavailableError("A dependency is not reachable", {
      details: { status: "unavailable", dependencies },
    });
  };
}

async function probeAll(probes: Record<string, Probe>): Promise<Record<string, DependencyStatus>> {
  const names = Object.keys(probes);
  const results = await Promise.all(names.map((name) => runProbe(name, probes[name] as Probe)));
  return Object.fromEntries(names.map((name, i) => [name, results[i] as DependencyStatus]));
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
