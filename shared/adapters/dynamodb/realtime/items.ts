import type { ListOptions, Page } from "../query.ts";

/**
 * Realtime items on the single table.
 *
 * | item | scope | key (entity / id) | holds |
 * |---|---|---|---|
 * | ticket | platform | `WS_TICKET` / sha256(ticket) | identity, expiresAt; TTL at expiry |
 * | connection under a tenant | tenant | `CONN` / connectionId | userId, role, expiresAt; gsi1 `USER_CONNS#<userId>` / connectionId; TTL |
 * | connection index | platform | `CONNECTION` / connectionId | userId, role, expiresAt, tenantIds, allTenants; gsi1 `USER_CONNS#<userId>` / connectionId; super-admins on gsi2 `ALL_TENANTS_CONNS` / connectionId; TTL |
 *
 * The connection index is keyed by connection id, so `$disconnect` and a gone connection find every
 * record of theirs with one strongly consistent read (a GSI would be eventually consistent: a socket
 * that closes right after it opened could leave records behind).
 */
export const REALTIME_ENTITIES = {
  ticket: "WS_TICKET",
  tenantConnection: "CONN",
  connectionIndex: "CONNECTION",
} as const;

/** The index partition of one user's connections (gsi1, in the tenant's scope and the platform's). */
export function userConnectionsPartition(userId: string): string {
  return `USER_CONNS#${userId}`;
}

/** The index partition (gsi2, platform scope) of the all-tenants audience. */
export const ALL_TENANTS_PARTITION = "ALL_TENANTS_CONNS";

/** Every item of a listing, page after page (the fan-out needs all of them, not a page). */
export async function allPages<T>(
  list: (options: ListOptions) => Promise<Page<T>>,
): Promise<Page<T>["items"]> {
  const items: Page<T>["items"] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
