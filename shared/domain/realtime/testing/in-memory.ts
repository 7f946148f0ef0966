/**
 * In-memory fakes of the realtime ports, for use-case and handler tests. They keep the contracts the
 * use cases rely on (a ticket is consumed once and not past its expiry; a connection's records are
 * where its placement put them), nothing more.
 */
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type {
  ConnectionPoster,
  ConnectionRecord,
  ConnectionRepository,
  Placement,
  PostOutcome,
  RealtimeLog,
  StoredTicket,
  TicketRepository,
} from "../ports.ts";

export function fakeTickets(): TicketRepository & { stored: Map<string, StoredTicket> } {
  const stored = new Map<string, StoredTicket>();
  return {
    stored,
    async save(digest, ticket) {
      if (stored.has(digest)) throw new Error("ticket exists");
      stored.set(digest, ticket);
    },
    async consume(digest, nowSeconds) {
      const ticket = stored.get(digest);
      if (!ticket || ticket.expiresAt <= nowSeconds) return undefined;
      stored.delete(digest);
      return ticket;
    },
  };
}

export function fakeConnections(): ConnectionRepository & {
  placements: Map<string, { record: ConnectionRecord; placement: Placement }>;
} {
  const placements = new Map<string, { record: ConnectionRecord; placement: Placement }>();
  const where = (predicate: (entry: { record: ConnectionRecord; placement: Placement }) => boolean) =>
    [...placements.values()].filter(predicate).map((e) => e.record);
  return {
    placements,
    async record(record, placement) {
      placements.set(record.connectionId, {
        record,
        placement: { ...placement, tenants: [...placement.tenants] },
      });
    },
    async remove(connectionId) {
      const entry = placements.get(connectionId);
      if (!entry) return 0;
      placements.delete(connectionId);
      return entry.placement.tenants.length + 1;
    },
    ofTenant: async (tenantId) => where((e) => e.placement.tenants.includes(tenantId)),
    ofAllTenants: async () => where((e) => e.placement.allTenants),
    ofUser: async (userId) => where((e) => e.record.userId === userId),
    async removeUserFromTenant(userId: string, tenantId: TenantId) {
      let removed = 0;
      for (const entry of placements.values()) {
        if (entry.record.userId !== userId || !entry.placement.tenants.includes(tenantId)) continue;
        entry.placement.tenants = entry.placement.tenants.filter((t) => t !== tenantId);
        removed++;
      }
      return removed;
    },
  };
}

/** A poster that records every message per connection; `gone` and `failing` connections answer so. */
export function fakePoster(options: { gone?: Iterable<string>; failing?: Iterable<string> } = {}) {
  const gone = new Set(options.gone ?? []);
  const failing = new Set(options.failing ?? []);
  const received = new Map<string, string[]>();
  let inFlight = 0;
  let maxInFlight = 0;
  const poster: ConnectionPoster = {
    async post(connectionId, message): Promise<PostOutcome> {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await new Promise((resolve) => setImmediate(resolve));
        if (failing.has(connectionId)) throw new Error(`post to ${connectionId} failed`);
        if (gone.has(connectionId)) return "gone";
        received.set(connectionId, [...(received.get(connectionId) ?? []), message]);
        return "sent";
      } finally {
        inFlight--;
      }
    },
  };
  return { poster, received, maxInFlight: () => maxInFlight };
}

/** A log that keeps what it was told. */
export function fakeLog(): RealtimeLog & { lines: { level: string; message: string; attributes: object }[] } {
  const lines: { level: string; message: string; attributes: object }[] = [];
  return {
    lines,
    info: (message, ...attributes) =>
      lines.push({ level: "info", message, attributes: Object.assign({}, ...attributes) }),
    error: (message, ...attributes) =>
      lines.push({ level: "error", message, attributes: Object.assign({}, ...attributes) }),
  };
}
