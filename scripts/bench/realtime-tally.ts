/**
 * What `npm run bench:realtime` checks and measures of the messages its sockets received: each
 * delivery's latency, deliveries to a socket of another tenant, and events a socket should have heard
 * but did not (or heard twice, which at-least-once delivery allows).
 */

/** An event the benchmark published: its tenant and `performance.now()` just before `PutEvents`. */
export interface Sent {
  tenantId: string;
  at: number;
}

/** A socket of a tenant user, and what it received: parsed messages and their arrival times. */
export interface Heard {
  tenantId: string;
  messages: readonly Record<string, unknown>[];
  arrivals: readonly number[];
}

/** The tally of one phase. */
export interface Tally {
  /** Latency of every delivery of a published event to a socket of its tenant, ascending (ms). */
  latencies: number[];
  /** Messages of another tenant (by their `tenantId` or by the event published): must be 0. */
  crossTenant: number;
  /** (socket, event) pairs of the socket's tenant that never arrived: must be 0. */
  missing: number;
  /** Deliveries beyond the first of an event to one socket (allowed: delivery is at least once). */
  duplicates: number;
  /** Messages that are not one of the published events (another type or an unknown correlation id). */
  unexpected: number;
  /** Last arrival − first `PutEvents` (ms): the deliveries-per-second denominator. */
  spanMs: number;
}

/**
 * Tallies the sockets' messages against the events published, keyed by correlation id. Every socket
 * should hear each event of its tenant exactly once and nothing of another tenant.
 */
export function tally(sent: ReadonlyMap<string, Sent>, sockets: readonly Heard[]): Tally {
  const perTenant = new Map<string, number>();
  for (const event of sent.values()) perTenant.set(event.tenantId, (perTenant.get(event.tenantId) ?? 0) + 1);
  const firstSent = Math.min(...[...sent.values()].map((s) => s.at));
  let lastArrival = firstSent;
  const result: Tally = {
    latencies: [],
    crossTenant: 0,
    missing: 0,
    duplicates: 0,
    unexpected: 0,
    spanMs: 0,
  };
  for (const socket of sockets) {
    const seen = new Set<string>();
    socket.messages.forEach((message, i) => {
      const event = sent.get(String(message.correlationId));
      // Another tenant's event is a leak whether the message names that tenant or (mislabelled) this one.
      if (message.tenantId !== socket.tenantId || (event && event.tenantId !== socket.tenantId))
        result.crossTenant++;
      else if (!event) result.unexpected++;
      else if (seen.has(String(message.correlationId))) result.duplicates++;
      else {
        seen.add(String(message.correlationId));
        const arrival = socket.arrivals[i] ?? Number.NaN;
        result.latencies.push(arrival - event.at);
        lastArrival = Math.max(lastArrival, arrival);
      }
    });
    result.missing += (perTenant.get(socket.tenantId) ?? 0) - seen.size;
  }
  result.latencies.sort((a, b) => a - b);
  result.spanMs = lastArrival - firstSent;
  return result;
}
