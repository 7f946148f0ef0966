import type { AuditLog } from "#shared/adapters/dynamodb/audit-log";
import type { IdentityStore, UserRecord } from "#shared/adapters/dynamodb/identity-store";
import type { Stored } from "#shared/adapters/dynamodb/item";

/** What the tenant-user routes need; built once per cold start in `handler.ts`. */
export interface TenantUsersDeps {
  store: IdentityStore;
  audit: AuditLog;
  now: () => Date;
}

/** What a tenant's users may see of one of them: never the hash or revocation times. */
export function tenantUserView(user: Stored<UserRecord> & { userId?: string }) {
  return {
    id: user.userId ?? user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    status: user.status,
    createdAt: user.createdAt,
  };
}
