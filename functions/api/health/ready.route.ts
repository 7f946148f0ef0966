import type { Probe, ProbeCall } from "#shared/adapters/readiness";
import type { healthRoutes } from "#shared/contracts/health.routes";
import { DependencyUnavailableError } from "#shared/domain/errors";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import { logger } from "#shared/platform/logger";

export type DependencyStatus = "ok" | "unreachable" | "timeout";

/**
 * How long a dependency may take to answer one probe call before it counts as down. It times only
 * the call, from when it is sent: a dependency that is busy but healthy answers a describe call well
 * within it (AWS's control-plane reads take tens of milliseconds; the local cloud's under a full load
 * test, a few hundred), while a dead or black-holed one is reported long before a monitor's own
 * timeout. The function's timeout (10 s) leaves room for a cold start on top.
 */
export const PROBE_TIMEOUT_MS = 3_000;
/**
 * How long one round of probes answers every caller. The route is public: without this, each
 * anonymous request would fan out into four control-plane calls.
 */
export const READINESS_CACHE_MS = 2_000;

/**
 * Primary course: probe every dependency at once (one round at a time, reused for a few seconds),
 * each call with its own time limit; all answer → 200. Any one down → 503 in the standard error
 * shape, naming each dependency's status.
 *
 * Readiness under load means: each dependency answers one cheap call, sent once (no retries), within
 * `PROBE_TIMEOUT_MS` of being sent. The sandbox's own work — loading the SDK clients on a cold start,
 * waiting for a busy event loop before the call goes out — is not the dependency's and is not timed.
 * Concurrent callers share one round, so a burst of probes costs each dependency one call per sandbox
 * per `READINESS_CACHE_MS`.
 */
export function readyRoute(
  probes: Record<string, Probe>,
  options: { cacheMs?: number; now?: () => number; timeoutMs?: number } = {},
): RouteHandler<typeof healthRoutes.ready> {
  const cacheMs = options.cacheMs ?? READINESS_CACHE_MS;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  let round: { startedAt: number; result: Promise<Record<string, DependencyStatus>> } | undefined;
  return async () => {
    if (!round || now() - round.startedAt >= cacheMs)
      round = { startedAt: now(), result: probeAll(probes, timeoutMs) };
    const dependencies = await round.result;
    if (allReachable(dependencies)) return ok({ status: "ok", dependencies });
    throw new DependencyUnavailableError("A dependency is not reachable", {
      details: { status: "unavailable", dependencies },
    });
  };
}

function allReachable(dependencies: Record<string, DependencyStatus>): dependencies is Record<string, "ok"> {
  return Object.values(dependencies).every((status) => status === "ok");
}

async function probeAll(
  probes: Record<string, Probe>,
  timeoutMs: number,
): Promise<Record<string, DependencyStatus>> {
  const names = Object.keys(probes);
  const results = await Promise.all(names.map((name) => runProbe(name, probes[name] as Probe, timeoutMs)));
  return Object.fromEntries(names.map((name, i) => [name, results[i] as DependencyStatus]));
}

async function runProbe(name: string, probe: Probe, timeoutMs: number): Promise<DependencyStatus> {
  let call: ProbeCall;
  try {
    call = await probe();
  } catch (error) {
    // Our own fault (a client that cannot load), not the dependency's: said so in the log.
    logger.error("Readiness probe could not be prepared", { dependency: name, error });
    return "unreachable";
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DependencyStatus>((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const status = await Promise.race([call().then((): DependencyStatus => "ok"), timeout]);
    if (status === "timeout") logger.warn("Readiness probe timed out", { dependency: name, timeoutMs });
    return status;
  } catch (error) {
    logger.warn("Readiness probe failed", { dependency: name, error });
    return "unreachable";
  } finally {
    clearTimeout(timer);
  }
}
