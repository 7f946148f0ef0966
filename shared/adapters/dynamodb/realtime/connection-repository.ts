import { CONNECTION_RECORD_MARGIN_SECONDS } from "#shared/domain/realtime/connections";
import type { ConnectionRecord, ConnectionRepository } from "#shared/domain/realtime/ports";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import type { Stored } from "../item.ts";
import type { SingleTable } from "../table.ts";
import { ALL_TENANTS_PARTITION, allPages, REALTIME_ENTITIES, userConnectionsPartition } from "./items.ts";

/** The platform item that knows where a connection is recorded. */
interface ConnectionIndex extends ConnectionRecord {
  tenantIds: string[];
  allTenants: boolean;
}

/** Writes (and deletes) at most this many records of one connection at once. */
const WRITE_BATCH = 25;

async function inBatches<T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += WRITE_BATCH) {
    await Promise.all(items.slice(i, i + WRITE_BATCH).map(work));
  }
}

const asRecord = (item: Stored<ConnectionRecord>): ConnectionRecord => ({
  connectionId: item.connectionId,
  userId: item.userId,
  role: item.role,
  expiresAt: item.expiresAt,
});

/**
 * Connection records: one per tenant the connection hears (`TENANT#<tenantId>` / `CONN#<id>`), and
 * one platform index item per connection (see `items.ts`). Every read is a Query or a key read.
 */
export function createConnectionRepository(table: SingleTable): ConnectionRepository {
  const platform = () => table.platform();
  const { tenantConnection, connectionIndex } = REALTIME_ENTITIES;

  const removeTenantRecord = async (tenantId: TenantId, connectionId: string) =>
    (await table.forTenant(tenantId).takeWhere(tenantConnection, connectionId)) !== undefined;

  return {
    /** The index first: records it points to but that failed to be written are harmless, not orphans. */
    async record(connection, placement) {
      const ttl = connection.expiresAt + CONNECTION_RECORD_MARGIN_SECONDS;
      const byUser = { pk: userConnectionsPartition(connection.userId), sk: connection.connectionId };
      await platform().create<ConnectionIndex>(
        connectionIndex,
        connection.connectionId,
        { ...connection, tenantIds: [...placement.tenants], allTenants: placement.allTenants },
        {
          expiresAt: ttl,
          indexes: {
            gsi1: byUser,
            ...(placement.allTenants
              ? { gsi2: { pk: ALL_TENANTS_PARTITION, sk: connection.connectionId } }
              : {}),
          },
        },
      );
      await inBatches(placement.tenants, (tenantId) =>
        table
          .forTenant(tenantId)
          .create<ConnectionRecord>(tenantConnection, connection.connectionId, connection, {
            expiresAt: ttl,
            indexes: { gsi1: byUser },
          }),
      );
    },

    async remove(connectionId) {
      const index = await platform().get<ConnectionIndex>(connectionIndex, connectionId, {
        consistent: true,
      });
      if (!index) return 0;
      let removed = 0;
      await inBatches(index.tenantIds, async (tenantId) => {
        if (await removeTenantRecord(parseTenantId(tenantId), connectionId)) removed++;
      });
      if (await platform().takeWhere(connectionIndex, connectionId)) removed++;
      return removed;
    },

    async ofTenant(tenantId) {
      const items = await allPages((options) =>
        table.forTenant(tenantId).list<ConnectionRecord>(tenantConnection, options),
      );
      return items.map(asRecord);
    },

    async ofAllTenants() {
      const items = await allPages((options) =>
        platform().listByIndex<ConnectionIndex>("gsi2", ALL_TENANTS_PARTITION, options),
      );
      return items.map(asRecord);
    },

    async ofUser(userId) {
      const items = await allPages((options) =>
        platform().listByIndex<ConnectionIndex>("gsi1", userConnectionsPartition(userId), options),
      );
      return items.map(asRecord);
    },

    async removeUserFromTenant(userId, tenantId) {
      const scope = table.forTenant(tenantId);
      const items = await allPages((options) =>
        scope.listByIndex<ConnectionRecord>("gsi1", userConnectionsPartition(userId), options),
      );
      let removed = 0;
      await inBatches(items, async (item) => {
        if (await removeTenantRecord(tenantId, item.connectionId)) removed++;
      });
      return removed;
    },
  };
}
