import { createAuditLog } from "#shared/adapters/dynamodb/audit-log";
import { createTenantUsersRepository } from "#shared/adapters/dynamodb/identity/tenant-users-repository";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { tenantUsersApi } from "#shared/contracts/tenant-users.routes";
import { loadBindings } from "#shared/platform/bindings";
import { createApiHandler } from "#shared/platform/http/api-handler";
import { auditRoute } from "./audit.route.ts";
import { changeRoleRoute } from "./change-role.route.ts";
import type { TenantUsersDeps } from "./deps.ts";
import { inviteRoute } from "./invite.route.ts";
import { listRoute } from "./list.route.ts";
import { removeRoute } from "./remove.route.ts";

const bound = loadBindings(tenantUsersApi.bindings);
const table = await openTable(bound);
const deps: TenantUsersDeps = {
  tenantUsers: createTenantUsersRepository(table),
  audit: createAuditLog(table),
};

export const handler = createApiHandler(tenantUsersApi, {
  list: listRoute(deps),
  invite: inviteRoute(deps),
  remove: removeRoute(deps),
  changeRole: changeRoleRoute(deps),
  audit: auditRoute(deps),
});
