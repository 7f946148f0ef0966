/**
 * The realtime context's ports: single-use tickets, the connection records the fan-out reads, the
 * tenants a reviewer is assigned to, and the WebSocket API's management endpoint. The DynamoDB
 * adapters under `shared/adapters/dynamodb/realtime/` and `shared/adapters/connections.ts` implement
 * them; the use cases beside this file speak only to these interfaces.
 */
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { ConnectionIdentity } from "./identity.ts";

/** A ticket as stored: who it was issued to, and until when it may be redeemed. */
export interface StoredTicket {
  identity: ConnectionIdentity;
  /** Epoch seconds after which the ticket is refused, whether or not it was deleted yet. */
  expiresAt: number;
}

/** Single-use tickets, stored by digest only (the ticket itself is never at rest). */
export interface TicketRepository {
  save(digest: string, ticket: StoredTicket): Promise<void>;
  /**
   * Deletes the ticket only if it exists and has not expired at `nowSeconds`, answering what it was
   * issued for; a used, expired or unknown ticket → `undefined`. Two concurrent redemptions of one
   * ticket: exactly one gets it.
   */
  consume(digest: string, nowSeconds: number): Promise<StoredTicket | undefined>;
}

/** One open WebSocket connection, as the fan-out sees it. */
export interface ConnectionRecord {
  connectionId: string;
  userId: string;
  role: ConnectionIdentity["role"];
  /** Epoch seconds: after it the connection gets nothing more (its token would have expired). */
  expiresAt: number;
}

/** Where one connection is recorded: under tenants, and/or in the all-tenants (super-admin) audience. */
export interface Placement {
  tenants: readonly TenantId[];
  allTenants: boolean;
}

/** Connection records: per tenant, per user, and for the all-tenants audience. */
export interface ConnectionRepository {
  /** Records the connection where `placement` says, and the index `remove` reads. */
  record(connection: ConnectionRecord, placement: Placement): Promise<void>;
  /** Deletes exactly the records of this connection; answers how many it deleted (0 when unknown). */
  remove(connectionId: string): Promise<number>;
  /** The connections recorded under a tenant (tenant users and staff assigned to it). */
  ofTenant(tenantId: TenantId): Promise<ConnectionRecord[]>;
  /** The connections of the all-tenants audience (super-admins). */
  ofAllTenants(): Promise<ConnectionRecord[]>;
  /** Every connection of one user, wherever it is recorded. */
  ofUser(userId: string): Promise<ConnectionRecord[]>;
  /** Deletes a user's records under one tenant (a reviewer unassigned from it); answers how many. */
  removeUserFromTenant(userId: string, tenantId: TenantId): Promise<number>;
}

/** What posting to one connection came to. */
export type PostOutcome = "sent" | "gone";

/** The WebSocket API's `@connections` endpoint. */
export interface ConnectionPoster {
  /** Sends one message; a connection that no longer exists answers `gone` (API Gateway's 410). */
  post(connectionId: string, message: string): Promise<PostOutcome>;
}

/** Where use cases report what ops should see (the correlation id travels in the attributes). */
export interface RealtimeLog {
  info(message: string, ...attributes: Record<string, unknown>[]): void;
  error(message: string, ...attributes: Record<string, unknown>[]): void;
}
