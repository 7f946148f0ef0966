import { createAuditLog } from "#shared/adapters/dynamodb/audit-log";
import { createIdentityStore } from "#shared/adapters/dynamodb/identity-store";
import { openListingTable } from "#shared/adapters/dynamodb/open-table";
import { createRateLimiter } from "#shared/adapters/dynamodb/rate-limit";
import { adminApi } from "#shared/contracts/admin.routes";
import { LOGIN_FAILURES_LIMITER } from "#shared/domain/identity/lockout";
import { createApiHandler } from "#shared/platform/http/api-handler";
import { auditRoute } from "./audit.route.ts";
import type { AdminDeps } from "./deps.ts";
import { assignReviewerRoute, listReviewersRoute, unassignReviewerRoute } from "./reviewers.route.ts";
import { createStaffRoute } from "./staff.route.ts";
import {
  createTenantRoute,
  getTenantRoute,
  listTenantsRoute,
  reactivateTenantRoute,
  suspendTenantRoute,
} from "./tenants.route.ts";
import { reactivateUserRoute, suspendUserRoute, unlockUserRoute } from "./users.route.ts";

const { table, stage } = await openListingTable();
const deps: AdminDeps = {
  store: createIdentityStore(table),
  audit: createAuditLog(table),
  // The same counter family as the auth domain's sign-in lockout (functions/api/auth/handler.ts).
  loginFailures: createRateLimiter(table, LOGIN_FAILURES_LIMITER),
};

export const handler = createApiHandler(
  adminApi,
  {
    listTenants: listTenantsRoute(deps),
    createTenant: createTenantRoute(deps),
    getTenant: getTenantRoute(deps),
    suspendTenant: suspendTenantRoute(deps),
    reactivateTenant: reactivateTenantRoute(deps),
    listReviewers: listReviewersRoute(deps),
    assignReviewer: assignReviewerRoute(deps),
    unassignReviewer: unassignReviewerRoute(deps),
    createStaff: createStaffRoute(deps),
    suspendUser: suspendUserRoute(deps),
    reactivateUser: reactivateUserRoute(deps),
    unlockUser: unlockUserRoute(deps),
    audit: auditRoute(deps),
  },
  { stage },
);
