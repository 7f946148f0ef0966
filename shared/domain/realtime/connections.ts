/**
 * Which connections exist, and where each is recorded. The server decides from the identity the
 * ticket carried, alone; a client never names a tenant or "joins" anything.
 *
 * - A tenant user's connection is recorded under their tenant.
 * - A reviewer's is recorded under each tenant assigned to them when they connect (an assignment
 *   made later reaches them on their next connection; an unassignment removes the records at once).
 * - A super-admin's is recorded in the all-tenants audience, which the fan-out of every tenant event
 *   reads too: super-admins see every tenant already, so they hear every tenant's events.
 */
import type { AssignedTenants } from "#shared/domain/identity/ports";
import type { ConnectionIdentity } from "./identity.ts";
import type { ConnectionRecord, ConnectionRepository, Placement, RealtimeLog } from "./ports.ts";

/** The longest a WebSocket connection lives (API Gateway's own limit). */
export const CONNECTION_MAX_SECONDS = 2 * 60 * 60;
/**
 * How long a record outlives its connection's expiry before DynamoDB's TTL may delete it. The
 * fan-out ignores records past `expiresAt` anyway (TTL deletion runs late), so this only keeps the
 * item long enough for `$disconnect` to find and delete it itself.
 */
export const CONNECTION_RECORD_MARGIN_SECONDS = 5 * 60;

export interface ConnectDeps {
  connections: ConnectionRepository;
  assignedTenants: AssignedTenants;
  now: () => Date;
  log: RealtimeLog;
}

/** When a connection stops receiving: its token's expiry, and never later than the 2-hour limit. */
export function connectionExpiry(identity: ConnectionIdentity, now: Date): number {
  const seconds = Math.floor(now.getTime() / 1000);
  return Math.min(identity.tokenExpiresAt, seconds + CONNECTION_MAX_SECONDS);
}

/** Where an identity's connection is recorded (see the module comment). */
export async function placementOf(
  identity: ConnectionIdentity,
  assignedTenants: AssignedTenants,
): Promise<Placement> {
  if ("tenantId" in identity) return { tenants: [identity.tenantId], allTenants: false };
  if (identity.role === "reviewer") {
    return { tenants: await assignedTenants(identity.userId), allTenants: false };
  }
  return { tenants: [], allTenants: true };
}

/** Primary course (`$connect`): place the connection by its identity and record it there. */
export async function connect(
  deps: ConnectDeps,
  connectionId: string,
  identity: ConnectionIdentity,
): Promise<{ placement: Placement; expiresAt: number }> {
  const placement = await placementOf(identity, deps.assignedTenants);
  const expiresAt = connectionExpiry(identity, deps.now());
  const record: ConnectionRecord = { connectionId, userId: identity.userId, role: identity.role, expiresAt };
  await deps.connections.record(record, placement);
  deps.log.info("Connection recorded", {
    connectionId,
    userId: identity.userId,
    role: identity.role,
    tenants: placement.tenants.length,
    allTenants: placement.allTenants,
  });
  return { placement, expiresAt };
}

/** `$disconnect`: deletes exactly this connection's records. */
export async function disconnect(
  deps: Pick<ConnectDeps, "connections" | "log">,
  connectionId: string,
): Promise<number> {
  const removed = await deps.connections.remove(connectionId);
  deps.log.info("Connection removed", { connectionId, records: removed });
  return removed;
}
