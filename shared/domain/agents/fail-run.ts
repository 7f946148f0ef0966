/**
 * Fails a run and tells everyone. Primary course: fail the run and release its credits (one write,
 * allowed only from where the lifecycle lets it fail) → count it → publish `agent.failed` → mark the
 * event published. The worker (a permanent fault), the dead-letter sweep and start-run (a job that
 * could not be queued) all fail runs through it.
 */
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { CountRun, RunEvents, RunRepository } from "./ports.ts";
import { type FailureKind, hasFinalEvent, type Run } from "./run.ts";

export interface FailRunDeps {
  runs: RunRepository;
  events: RunEvents;
  count: CountRun;
}

export interface FailRunInput {
  run: Run;
  failure: { kind: FailureKind; reason: string };
  /** The claim of the worker failing the run; without one, only a run nobody holds fails. */
  holder?: Run;
}

/** Answers whether this call failed the run (false: it had already moved on). */
export async function failRun(deps: FailRunDeps, tenantId: TenantId, input: FailRunInput): Promise<boolean> {
  const failed = await deps.runs.fail(tenantId, input.run, input.failure, input.holder);
  if (!failed) return false;
  deps.count("RunsFailed", input.run.role);
  await publishFinal(deps, tenantId, failed);
  return true;
}

/**
 * Publishes a finished run's event once it is stored — again, if an earlier attempt stored the
 * outcome and could not publish it — and marks it published.
 */
export async function publishFinal(
  deps: Pick<FailRunDeps, "runs" | "events">,
  tenantId: TenantId,
  run: Run,
): Promise<void> {
  if (run.eventPublished || !hasFinalEvent(run)) return;
  await deps.events.finished(tenantId, run);
  await deps.runs.markEventPublished(tenantId, run);
}
