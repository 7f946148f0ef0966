/**
 * The audit context's port: the append-only log. `shared/adapters/dynamodb/audit-log.ts` implements
 * it.
 */
import type { Page, PageRequest } from "#shared/domain/stored";
import type { AuditEntry, AuditType, StoredAuditEntry } from "./audit-entry.ts";

/** Which entries to list: all, one tenant's, one type's, or both. */
export interface AuditFilter extends PageRequest {
  tenantId?: string;
  type?: AuditType;
}

export interface AuditLog {
  /** Appends an entry; answers its id. */
  record(entry: AuditEntry): Promise<string>;
  /** A page of entries, newest first. */
  list(filter: AuditFilter): Promise<Page<StoredAuditEntry>>;
}
