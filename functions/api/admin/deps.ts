import type { Principal } from "#shared/domain/access/principal";
import type { AuditEntry } from "#shared/domain/audit/audit-entry";
import type { AuditLog } from "#shared/domain/audit/ports";
import type { AdminTenantsDeps } from "#shared/domain/identity/admin-tenants";
import type {
  AttemptLimiter,
  ReviewerAssignmentRepository,
  TenantNames,
  TenantRepository,
  UserNames,
  UserRecord,
  UserRepository,
} from "#shared/domain/identity/ports";
import type { AgentQueuesDeps } from "#shared/domain/ops/agent-queues";
import type { Stored } from "#shared/domain/stored";
import { actingOf } from "#shared/platform/http/acting";

/** What the admin routes need; built once per cold start in `handler.ts`, passed in so tests can vary it. */
export interface AdminDeps {
  users: UserRepository;
  tenants: TenantRepository;
  assignments: ReviewerAssignmentRepository;
  audit: AuditLog;
  /** The names the audit log shows beside the ids it records. */
  userNames: UserNames;
  tenantNames: TenantNames;
  /** The sign-in lockout counter (the auth domain's `login-failures`), keyed by normalized e-mail. */
  loginFailures: Pick<AttemptLimiter, "reset">;
  /** Tenants' credit balances and ledgers. */
  credits: AdminTenantsDeps["credits"];
  /** The agents' job queues and DLQs, through SQS. */
  agentQueues: AgentQueuesDeps;
  /** Credits a new tenant starts with (the stage's `starterCredits`). */
  starterCredits: number;
}

/** Records what a super-admin did, with who, from where and under which correlation id. */
export function recordAudit(
  deps: Pick<AdminDeps, "audit">,
  request: { auth: { principal: Principal }; sourceIp: string; requestId: string },
  entry: Omit<AuditEntry, "actor" | "ip" | "correlationId">,
): Promise<string> {
  return deps.audit.record({ ...entry, ...actingOf(request) });
}

/** What a super-admin sees of a user: never the hash or revocation times. */
export function userView(userId: string, user: Stored<UserRecord>) {
  return {
    id: userId,
    email: user.email,
    name: user.name,
    role: user.role,
    tenantId: user.tenantId ?? null,
    status: user.status,
    createdAt: user.createdAt,
  };
}
