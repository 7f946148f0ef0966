import { ulid } from "ulid";
import type { AuditEntry, AuditType, StoredAuditEntry } from "#shared/domain/audit/audit-entry";
import type { AuditFilter, AuditLog } from "#shared/domain/audit/ports";
import type { SingleTable } from "./table.ts";

const ENTITY = "AUDIT";
/** Index partitions (platform scope): every entry, per tenant, per type. */
const ALL = "AUDIT";
const byTenant = (tenantId: string) => `AUDIT_TENANT#${tenantId}`;
const byType = (type: AuditType) => `AUDIT_TYPE#${type}`;

/**
 * The append-only audit log. Entries are platform items written once with a condition that they do
 * not exist, and nothing updates or deletes them. They are listed newest first: all of them (gsi1),
 * one tenant's (gsi2), or one type's (gsi3).
 */
export function createAuditLog(table: SingleTable, now: () => Date = () => new Date()): AuditLog {
  const scope = () => table.platform();
  return {
    async record(entry: AuditEntry): Promise<string> {
      const id = ulid(now().getTime());
      await scope().create<AuditEntry & { at: string }>(
        ENTITY,
        id,
        { ...entry, at: now().toISOString() },
        {
          indexes: {
            gsi1: { pk: ALL, sk: id },
            ...(entry.tenantId ? { gsi2: { pk: byTenant(entry.tenantId), sk: id } } : {}),
            gsi3: { pk: byType(entry.type), sk: id },
          },
        },
      );
      return id;
    },

    /** Newest first; by tenant, by type, or both (then the tenant's entries are filtered by type). */
    async list(filter: AuditFilter) {
      const options = { limit: filter.limit, cursor: filter.cursor, order: "desc" as const };
      if (filter.tenantId) {
        const page = await scope().listByIndex<StoredAuditEntry>("gsi2", byTenant(filter.tenantId), options);
        return filter.type ? { ...page, items: page.items.filter((e) => e.type === filter.type) } : page;
      }
      if (filter.type) return scope().listByIndex<StoredAuditEntry>("gsi3", byType(filter.type), options);
      return scope().listByIndex<StoredAuditEntry>("gsi1", ALL, options);
    },
  };
}
