import type { AuditLog } from "#shared/domain/audit/ports";
import type { TenantUserRepository, UserRecord } from "#shared/domain/identity/ports";
import type { Stored } from "#shared/domain/stored";

/** What the tenant-user routes need; built once per cold start in `handler.ts`. */
export interface TenantUsersDeps {
  tenantUsers: TenantUserRepository;
  audit: AuditLog;
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
