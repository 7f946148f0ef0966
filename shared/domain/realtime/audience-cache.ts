/**
 * The fan-out's short memory of audiences. A run's events (progress, completion, its content's status
 * change, the notifications they cause) reach the fan-out within a second or so of each other and all
 * ask for the same tenant's connections and the same all-tenants audience; reading them again for
 * every event was most of the fan-out's cost. A sandbox reuses what it read for at most
 * `AUDIENCE_TTL_MS`.
 *
 * What the reuse costs, bounded by that TTL:
 * - a connection opened at `t` hears every event fanned out after `t + AUDIENCE_TTL_MS`; an event
 *   fanned out before then may miss it if the sandbox read the audience before the connection was
 *   recorded (the portal re-reads what it shows when a socket reopens; events are not replayed anyway);
 * - a connection whose records were deleted elsewhere (closed, a reviewer unassigned) may still be
 *   posted to for as long: a closed one answers gone and is deleted again here.
 * A connection this sandbox found gone empties the memory at once, so it is not posted to twice.
 */
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { ConnectionRecord, ConnectionRepository } from "./ports.ts";

/** How long a sandbox reuses an audience it read: the longest a new connection can go unheard. */
export const AUDIENCE_TTL_MS = 1000;

/** Audiences remembered at most; past it the expired ones go, then all (a sandbox serves few tenants). */
const MAX_ENTRIES = 1000;

interface Entry {
  readAt: number;
  connections: Promise<ConnectionRecord[]>;
}

export interface AudienceCacheOptions {
  /** The clock, in epoch milliseconds. */
  now: () => number;
  /** @default AUDIENCE_TTL_MS */
  ttlMs?: number;
}

/**
 * `connections` with its audience reads (`ofTenant`, `ofAllTenants`, `ofUser`) remembered for
 * `ttlMs`; writes go straight through, and `remove` forgets every audience. A read that fails is not
 * remembered.
 */
export function withAudienceCache(
  connections: ConnectionRepository,
  options: AudienceCacheOptions,
): ConnectionRepository {
  const ttlMs = options.ttlMs ?? AUDIENCE_TTL_MS;
  const entries = new Map<string, Entry>();

  const remembered = (key: string, read: () => Promise<ConnectionRecord[]>): Promise<ConnectionRecord[]> => {
    const at = options.now();
    const entry = entries.get(key);
    if (entry && at - entry.readAt < ttlMs) return entry.connections;
    if (entries.size >= MAX_ENTRIES) {
      for (const [k, e] of entries) if (at - e.readAt >= ttlMs) entries.delete(k);
      if (entries.size >= MAX_ENTRIES) entries.clear();
    }
    const fresh = { readAt: at, connections: read() };
    entries.set(key, fresh);
    // Forget a failed read (the caller still gets its rejection), so the next event reads again.
    fresh.connections.catch(() => {
      if (entries.get(key) === fresh) entries.delete(key);
    });
    return fresh.connections;
  };

  return {
    record: (connection, placement) => connections.record(connection, placement),
    async remove(connectionId) {
      entries.clear();
      return connections.remove(connectionId);
    },
    ofTenant: (tenantId: TenantId) => remembered(`tenant:${tenantId}`, () => connections.ofTenant(tenantId)),
    ofAllTenants: () => remembered("all-tenants", () => connections.ofAllTenants()),
    ofUser: (userId) => remembered(`user:${userId}`, () => connections.ofUser(userId)),
    removeUserFromTenant: (userId, tenantId) => connections.removeUserFromTenant(userId, tenantId),
  };
}
