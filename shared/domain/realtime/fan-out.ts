/**
 * The fan-out: one event to every connection that should hear it, decided by the server alone.
 * Tenant events reach the tenant's connections (its users and the reviewers assigned to it) and the
 * all-tenants audience (super-admins); an event for one user reaches only that user's connections.
 */
import { FanOutIncompleteError } from "./errors.ts";
import { messageOf, type RealtimeEvent } from "./message.ts";
import type { ConnectionPoster, ConnectionRecord, ConnectionRepository, RealtimeLog } from "./ports.ts";

/** How many posts one fan-out has in flight at once. */
export const FAN_OUT_CONCURRENCY = 10;

export interface FanOutDeps {
  connections: ConnectionRepository;
  poster: ConnectionPoster;
  now: () => Date;
  log: RealtimeLog;
  /** @default FAN_OUT_CONCURRENCY */
  concurrency?: number;
}

export interface FanOutResult {
  sent: number;
  /** Connections that answered gone; their records were deleted. */
  gone: number;
}

/** The connections that hear an event, once each, not past their expiry. */
export async function audienceOf(
  connections: ConnectionRepository,
  event: RealtimeEvent,
  nowSeconds: number,
): Promise<ConnectionRecord[]> {
  let candidates: ConnectionRecord[];
  if (event.userId !== undefined) {
    const userId = event.userId;
    candidates = (await connections.ofUser(userId)).filter((c) => c.userId === userId);
  } else if (event.tenantId !== undefined) {
    const [tenant, everyTenant] = await Promise.all([
      connections.ofTenant(event.tenantId),
      connections.ofAllTenants(),
    ]);
    candidates = [...tenant, ...everyTenant];
  } else {
    // An event of no tenant and no user has no audience: nobody is told by default.
    candidates = [];
  }
  const unique = new Map<string, ConnectionRecord>();
  for (const c of candidates) if (c.expiresAt > nowSeconds) unique.set(c.connectionId, c);
  return [...unique.values()];
}

/** Runs `work` over `items` with at most `limit` in flight; answers every outcome, in order. */
export async function settleBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: "fulfilled", value: await work(items[index] as T) };
      } catch (reason) {
        results[index] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

/**
 * Primary course: find the audience, post the message to each with bounded concurrency, delete the
 * records of exactly the connections that answered gone. Any other failure is logged with the
 * correlation id and the whole invocation fails (`FanOutIncompleteError`) so the event is retried.
 */
export async function fanOut(deps: FanOutDeps, event: RealtimeEvent): Promise<FanOutResult> {
  const nowSeconds = Math.floor(deps.now().getTime() / 1000);
  const audience = await audienceOf(deps.connections, event, nowSeconds);
  const body = JSON.stringify(messageOf(event));
  const outcomes = await settleBounded(audience, deps.concurrency ?? FAN_OUT_CONCURRENCY, async (c) => {
    const outcome = await deps.poster.post(c.connectionId, body);
    if (outcome === "gone") await deps.connections.remove(c.connectionId);
    return outcome;
  });
  let sent = 0;
  let gone = 0;
  let failed = 0;
  outcomes.forEach((outcome, i) => {
    if (outcome.status === "fulfilled") {
      if (outcome.value === "sent") sent++;
      else gone++;
      return;
    }
    failed++;
    deps.log.error("Realtime delivery failed", {
      correlationId: event.correlationId,
      type: event.type,
      connectionId: audience[i]?.connectionId,
      error: outcome.reason,
    });
  });
  deps.log.info("Realtime fan-out", {
    correlationId: event.correlationId,
    type: event.type,
    audience: audience.length,
    sent,
    gone,
    failed,
  });
  if (failed > 0) {
    throw new FanOutIncompleteError(`${failed} of ${audience.length} deliveries of ${event.type} failed`);
  }
  return { sent, gone };
}
