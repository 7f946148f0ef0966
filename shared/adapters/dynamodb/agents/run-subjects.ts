/**
 * The subjects of idempotent agents' runs: one item per (agent, subject) naming the run that holds
 * it, so a second request for the same subject finds the first run. A failed run's subject passes to
 * the next run that asks for it.
 */
import { createHash } from "node:crypto";
import { RunSubjectMovedError } from "#shared/domain/agents/errors";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { WriteOp } from "../item.ts";
import type { SingleTable } from "../table.ts";

const SUBJECT = "RUN_SUBJECT";

/** The subject key of an idempotent run: the agent and a digest of the subject. */
export function subjectKey(role: string, subject: string): string {
  return `${role}:${createHash("sha256").update(subject).digest("hex").slice(0, 40)}`;
}

/** The run that holds the subject, if one does. */
export async function subjectOf(
  table: SingleTable,
  tenantId: TenantId,
  subject: string,
): Promise<string | undefined> {
  const item = await table.forTenant(tenantId).get<{ runId: string }>(SUBJECT, subject, { consistent: true });
  return item?.runId;
}

/**
 * Takes the subject for `runId`, in the transaction that accepts the run: a new subject, or one still
 * held by `holder` (a failed run). Another request that took it first → `RunSubjectMovedError`.
 */
export function subjectClaimOp(
  table: SingleTable,
  tenantId: TenantId,
  subject: string,
  runId: string,
  holder: string | undefined,
): WriteOp {
  const scope = table.forTenant(tenantId);
  if (holder === undefined) {
    return {
      ...scope.createOp(SUBJECT, subject, { runId }),
      onConditionFailed: () => new RunSubjectMovedError("subject taken"),
    };
  }
  return scope.updateWhereOp(
    SUBJECT,
    subject,
    { set: { runId } },
    {
      guard: { expression: "#grun = :grun", names: { "#grun": "runId" }, values: { ":grun": holder } },
      onConditionFailed: () => new RunSubjectMovedError("subject moved"),
    },
  );
}
