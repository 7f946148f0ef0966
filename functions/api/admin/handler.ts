import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import * as z from "zod/mini";
import { createAuditLog } from "#shared/adapters/dynamodb/audit-log";
import { createIdentityStore } from "#shared/adapters/dynamodb/identity-store";
import { createRateLimiter } from "#shared/adapters/dynamodb/rate-limit";
import { SingleTable } from "#shared/adapters/dynamodb/single-table";
import { readSecretBytes } from "#shared/adapters/secrets";
import { adminApi } from "#shared/contracts/admin.routes";
import { LOGIN_FAILURES_LIMITER } from "#shared/domain/identity/lockout";
import { loadConfig } from "#shared/platform/config";
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

const config = loadConfig(
  z.object({
    STAGE: z.string().check(z.minLength(1)),
    TABLE_NAME: z.string().check(z.minLength(1)),
    SECRET_ID_CURSOR_KEY: z.string().check(z.minLength(1)),
  }),
);

const table = new SingleTable({
  client: new DynamoDBClient({}),
  tableName: config.TABLE_NAME,
  cursorKey: await readSecretBytes(new SecretsManagerClient({}), config.SECRET_ID_CURSOR_KEY),
});
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
  { stage: config.STAGE },
);
