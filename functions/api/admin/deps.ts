import type { AuditLog } from "#shared/adapters/dynamodb/audit-log";
import type { Credits } from "#shared/adapters/dynamodb/credits";
import type { IdentityStore, UserRecord } from "#shared/adapters/dynamodb/identity-store";
import type { Stored } from "#shared/adapters/dynamodb/item";
import type { RateLimiter } from "#shared/adapters/dynamodb/rate-limit";
import type { Principal } from "#shared/domain/access/principal";
import type { AuditEntry } from "#shared/domain/audit/audit-entry";
import type { AgentQueuesDeps } from "#shared/domain/ops/agent-queues";

/** What the admin routes need; built once per cold start in `handler.ts`, passed in so tests can vary it. */
export interface AdminDeps {
  store: IdentityStore;
  audit: AuditLog;
  /** The sign-in lockout counter (the auth domain's `login-failures`), keyed by normalized e-mail. */
  loginFailures: Pick<RateLimiter, "reset">;
  /** Tenants' credit balances and ledgers. */
  credits: Pick<Credits, "grant" | "balance">;
  /** The agents' job queues and DLQs, through SQS. */
  agentQueues: AgentQueuesDeps;
}

/** The request facts every admin audit entry carries. */
interface Acting {
  auth: { principal: Principal };
  sourceIp: string;
  requestId: string;
}

/** Records what a super-admin did, with who, from where and under which correlation id. */
export function recordAudit(
  deps: AdminDeps,
  request: Acting,
  entry: Omit<AuditEntry, "actor" | "ip" | "correlationId">,
): Promise<string> {
  const { userId, role } = request.auth.principal;
  return deps.audit.record({
    ...entry,
    actor: { userId, role },
    ip: request.sourceIp,
    correlationId: request.requestId,
  });
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
