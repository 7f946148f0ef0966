import { createRunRepository } from "#shared/adapters/dynamodb/agents/runs-repository";
import { createAuditLog } from "#shared/adapters/dynamodb/audit-log";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import {
  assignmentLookup,
  createAssignmentsRepository,
} from "#shared/adapters/dynamodb/identity/assignments-repository";
import { createTenantsRepository, tenantNames } from "#shared/adapters/dynamodb/identity/tenants-repository";
import { createUsersRepository, userNames } from "#shared/adapters/dynamodb/identity/users-repository";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createRateLimiter } from "#shared/adapters/dynamodb/rate-limit";
import { cloudWatchMetricData, createQueueAges } from "#shared/adapters/queue-ages";
import { createQueueOps } from "#shared/adapters/queue-ops";
import { adminApi } from "#shared/contracts/admin.routes";
import { AGENT_ROLES } from "#shared/domain/agents/roster";
import { LOGIN_FAILURES_LIMITER } from "#shared/domain/identity/lockout";
import { agentQueuesOf } from "#shared/domain/ops/agent-queues";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { loadBindings } from "#shared/platform/bindings";
import { agentQueueName } from "#shared/platform/declaration/agent-workers";
import { deadLetterQueueName } from "#shared/platform/declaration/naming";
import { createApiHandler } from "#shared/platform/http/api-handler";
import { logger } from "#shared/platform/logger";
import { auditRoute } from "./audit.route.ts";
import { grantCreditsRoute, tenantCreditsRoute } from "./credits.route.ts";
import type { AdminDeps } from "./deps.ts";
import { listQueuesRoute, peekDeadLettersRoute, redriveDeadLettersRoute } from "./queues.route.ts";
import { assignReviewerRoute, listReviewersRoute, unassignReviewerRoute } from "./reviewers.route.ts";
import { createStaffRoute, listStaffRoute } from "./staff.route.ts";
import {
  createTenantRoute,
  getTenantRoute,
  listTenantsRoute,
  reactivateTenantRoute,
  suspendTenantRoute,
} from "./tenants.route.ts";
import { reactivateUserRoute, suspendUserRoute, unlockUserRoute } from "./users.route.ts";

// Every agent queue's URL comes from the bindings (`inspects`, `redrives`): a missing one fails the cold start.
const bound = loadBindings(adminApi.bindings);
const table = await openTable(bound);
const agents = agentQueuesOf(AGENT_ROLES, agentQueueName, deadLetterQueueName);
const queueUrl = bound.queueUrl;
const credits = createCredits(table);
const runs = createRunRepository(table, credits);
const deps: AdminDeps = {
  users: createUsersRepository(table),
  tenants: createTenantsRepository(table),
  assignments: createAssignmentsRepository(table),
  credits,
  audit: createAuditLog(table),
  userNames: userNames(table),
  tenantNames: tenantNames(table),
  // The same counter family as the auth domain's sign-in lockout (functions/api/auth/handler.ts).
  loginFailures: createRateLimiter(table, LOGIN_FAILURES_LIMITER),
  agentQueues: {
    // Only the ops routes use SQS: its SDK is the runtime's, loaded on their first call.
    queues: createQueueOps({ client: (sdk) => new sdk.SQSClient({}), queueUrl }),
    ages: {
      port: createQueueAges({ getMetricData: cloudWatchMetricData().getMetricData, queueUrl }),
      // The listing answers without the ages; the log keeps why, under the request's correlation id.
      onFailure: (error) =>
        logger.warn("Could not read the queues' oldest-message ages from CloudWatch", { error }),
    },
    agents,
    async reasonOf(tenantId, runId) {
      // A dead letter's attributes are data, not trusted: a malformed tenant id has no reason to show.
      let tenant: ReturnType<typeof parseTenantId>;
      try {
        tenant = parseTenantId(tenantId);
      } catch {
        return undefined;
      }
      const run = await runs.get(tenant, runId);
      return run?.failure?.reason ?? run?.lastError;
    },
  },
  starterCredits: bound.starterCredits,
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
    listStaff: listStaffRoute(deps),
    createStaff: createStaffRoute(deps),
    suspendUser: suspendUserRoute(deps),
    reactivateUser: reactivateUserRoute(deps),
    unlockUser: unlockUserRoute(deps),
    audit: auditRoute(deps),
    listQueues: listQueuesRoute(deps),
    peekDeadLetters: peekDeadLettersRoute(deps),
    redriveDeadLetters: redriveDeadLettersRoute(deps),
    grantCredits: grantCreditsRoute(deps),
    tenantCredits: tenantCreditsRoute(deps),
  },
  // Its tenant routes are a super-admin's, who may name any tenant: no assignment is ever looked up.
  { isAssigned: assignmentLookup(table) },
);
