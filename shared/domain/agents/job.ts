/**
 * The agent job: which run to do, and nothing else (the input and the price are on the run record).
 * One reader turns a queue message's body and tenant attribute into a job, so the worker, the
 * dead-letter sweep and the ops peek cannot disagree about what a readable job is.
 */
import * as z from "zod/mini";
import { safeParse } from "zod/v4/core";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import { describeFailure } from "./run.ts";

/** A run id: a ULID. */
export const runIdSchema = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/));
/** An agent role as it travels: lowercase words joined by `-`. */
export const agentRoleSchema = z.string().check(z.regex(/^[a-z][a-z0-9-]{0,39}$/));

/** The job's body. */
export const agentJobSchema = z.strictObject({ runId: runIdSchema, role: agentRoleSchema });
export type AgentJobBody = z.infer<typeof agentJobSchema>;

/** A job as a worker takes it: the body and the tenant it was sent for. */
export interface AgentJob extends AgentJobBody {
  tenantId: TenantId;
}

export type Reading<T> = { ok: true; job: T } | { ok: false; reason: string };

/** Reads a job's body (JSON text); says why when it cannot. */
export function readAgentJobBody(body: string): Reading<AgentJobBody> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: `body is not JSON: ${describeFailure(error)}` };
  }
  const parsed = safeParse(agentJobSchema, json);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => i.message).join("; ") };
  return { ok: true, job: parsed.data };
}

/** Reads a whole job: its body and the tenant attribute it travelled with. */
export function readAgentJob(body: string, tenantAttribute: unknown): Reading<AgentJob> {
  const read = readAgentJobBody(body);
  if (!read.ok) return read;
  let tenantId: TenantId;
  try {
    tenantId = parseTenantId(tenantAttribute);
  } catch (error) {
    return { ok: false, reason: `tenant attribute: ${describeFailure(error)}` };
  }
  return { ok: true, job: { ...read.job, tenantId } };
}
