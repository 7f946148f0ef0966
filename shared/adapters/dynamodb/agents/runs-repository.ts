/**
 * A tenant's runs in the single table. Every change of status is one write conditioned by the run
 * lifecycle (`transition`, whose conditions `run-conditions.ts` derives from the domain's table), and
 * every change that moves credits is one transaction with the credit operations — with the run's live
 * status, its content and the brand profile it proposed in the same transaction.
 */
import { ulid } from "#shared/adapters/ulid";
import { RunLeaseLostError, RunMovedError, RunSubjectMovedError } from "#shared/domain/agents/errors";
import type { Claim, Page, RunFilter, RunRepository } from "#shared/domain/agents/ports";
import type { Run, RunRecord, RunStatus } from "#shared/domain/agents/run";
import { type RunAction, type TransitionFacts, targetOf } from "#shared/domain/agents/run-lifecycle";
import { InsufficientCreditsError, WriteConflictError } from "#shared/domain/errors";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { withBrandProposal } from "../brand/brand-repository.ts";
import { completionOps, reviseOps, revisionFailed } from "../content/run-content.ts";
import type { CreditStore } from "../credits.ts";
import { afterGuardedChange, type GuardedChange } from "../guarded-update.ts";
import { createdItem, type IndexKeys, type WriteOp } from "../item.ts";
import type { SingleTable } from "../table.ts";
import { liveStatusOp } from "./live-status-repository.ts";
import { runCondition } from "./run-conditions.ts";
import { subjectClaimOp, subjectKey, subjectOf } from "./run-subjects.ts";

const RUN = "RUN";
/** Tries of an idempotent run's acceptance that keeps meeting another request for its subject. */
const SUBJECT_ATTEMPTS = 3;

/** What a run's failed condition means when another worker or request moved it first. */
const onConditionFailed = () => new RunMovedError();

const statusIndexes = (role: string, status: RunStatus, runId: string): IndexKeys => ({
  gsi2: { pk: `RUNS_STATUS#${status}`, sk: runId },
  gsi3: { pk: `RUNS_AGENT_STATUS#${role}#${status}`, sk: runId },
});

export function createRunRepository(table: SingleTable, credits: CreditStore): RunRepository {
  const scope = (tenantId: TenantId) => table.forTenant(tenantId);

  /**
   * The write that moves a run by `action`: its status becomes the action's target, its status
   * indexes follow, and its condition is the lifecycle's for the action.
   */
  const transition = (
    action: RunAction,
    tenantId: TenantId,
    run: Pick<Run, "runId" | "role">,
    change: GuardedChange,
    facts: TransitionFacts,
    options: { at?: Date; onConditionFailed?: () => Error } = {},
  ) => {
    const to = targetOf(action);
    const args = [
      RUN,
      run.runId,
      { ...change, set: { ...change.set, status: to } },
      { ...options, guard: runCondition(action, facts), indexes: statusIndexes(run.role, to, run.runId) },
    ] as const;
    return {
      op: () => scope(tenantId).updateWhereOp(...args),
      send: () => scope(tenantId).updateWhere<RunRecord>(...args),
    };
  };

  const repository: RunRepository = {
    async accept(tenantId, request) {
      const at = table.now();
      const runId = ulid(at.getTime());
      const record: RunRecord = {
        runId,
        role: request.role,
        status: "queued",
        input: request.input,
        correlationId: request.correlationId,
        requestedBy: request.requestedBy,
        creditsReserved: request.price,
        attempts: 0,
        queuedAt: at.toISOString(),
        ...(request.subject ? { subject: subjectKey(request.role, request.subject) } : {}),
        ...(request.revises
          ? { revises: { contentId: request.revises.contentId, version: request.revises.latestVersion } }
          : {}),
      };
      const runOp = scope(tenantId).createOp<RunRecord>(RUN, runId, record, {
        indexes: {
          gsi1: { pk: `RUNS_AGENT#${request.role}`, sk: runId },
          ...statusIndexes(request.role, "queued", runId),
        },
      });
      const accepted = { run: createdItem<RunRecord>(runOp), created: true };
      const runOps: WriteOp[] = [
        runOp,
        ...credits.reserveOps(tenantId, {
          runId,
          amount: request.price,
          correlationId: request.correlationId,
        }),
        liveStatusOp(table, tenantId, record, "queued", "claimed"),
        ...(request.revises ? reviseOps(table, tenantId, request.revises, runId, at) : []),
      ];
      if (!record.subject) {
        await table.transact(runOps);
        return accepted;
      }
      for (let attempt = 0; attempt < SUBJECT_ATTEMPTS; attempt++) {
        const holder = await subjectOf(table, tenantId, record.subject);
        const existingRun = holder && (await repository.get(tenantId, holder));
        if (existingRun && existingRun.status !== "failed") return { run: existingRun, created: false };
        try {
          await table.transact([subjectClaimOp(table, tenantId, record.subject, runId, holder), ...runOps]);
          return accepted;
        } catch (error) {
          // Another request for the same subject won the race: answer its run.
          if (!(error instanceof RunSubjectMovedError)) throw error;
        }
      }
      throw new WriteConflictError("Another request for the same subject is in progress; retry");
    },

    get(tenantId, runId) {
      return scope(tenantId).get<RunRecord>(RUN, runId, { consistent: true });
    },

    list(tenantId, filter: RunFilter): Promise<Page<Run>> {
      const options = { limit: filter.limit, cursor: filter.cursor, order: "desc" as const };
      if (filter.role && filter.status) {
        return scope(tenantId).listByIndex<RunRecord>(
          "gsi3",
          `RUNS_AGENT_STATUS#${filter.role}#${filter.status}`,
          options,
        );
      }
      if (filter.role)
        return scope(tenantId).listByIndex<RunRecord>("gsi1", `RUNS_AGENT#${filter.role}`, options);
      if (filter.status)
        return scope(tenantId).listByIndex<RunRecord>("gsi2", `RUNS_STATUS#${filter.status}`, options);
      return scope(tenantId).list<RunRecord>(RUN, options);
    },

    async claim(tenantId, runId, role, leaseMs): Promise<Claim> {
      const at = table.now();
      const take: GuardedChange = {
        // A redriven run publishes its new outcome too.
        set: { leaseUntil: at.getTime() + leaseMs, startedAt: at.toISOString(), eventPublished: false },
        add: { attempts: 1 },
        remove: ["failure"],
      };
      // No read first: the job names the run's agent, and the condition checks it.
      const result = await transition("claim", tenantId, { runId, role }, take, {
        role,
        now: at.getTime(),
      }).send();
      if (result.ok) return { kind: "claimed", run: result.item };
      const current = result.current;
      if (!current || current.role !== role) return { kind: "missing" };
      if (current.status === "running" || current.status === "queued") return { kind: "busy", run: current };
      if (current.status === "failed" && current.failure?.kind === "dead-lettered") {
        try {
          await table.transact([
            transition(
              "redrive",
              tenantId,
              current,
              take,
              { attempts: current.attempts },
              { onConditionFailed: () => new RunMovedError() },
            ).op(),
            ...credits.reserveOps(tenantId, {
              runId,
              amount: current.creditsReserved,
              correlationId: current.correlationId,
            }),
          ]);
        } catch (error) {
          if (error instanceof RunMovedError) return repository.claim(tenantId, runId, role, leaseMs);
          if (error instanceof InsufficientCreditsError) return { kind: "unaffordable", run: current };
          throw error;
        }
        const run = await repository.get(tenantId, runId);
        return run ? { kind: "claimed", run } : { kind: "missing" };
      }
      return { kind: "finished", run: current };
    },

    async complete(tenantId, run, result) {
      const at = table.now();
      const content = completionOps(
        table,
        tenantId,
        {
          runId: run.runId,
          role: run.role,
          contentType: result.contentType,
          body: result.output,
          model: result.model,
          ...(result.brandVersion === undefined ? {} : { brandVersion: result.brandVersion }),
          ...(result.sources === undefined ? {} : { sources: result.sources }),
        },
        result.review,
        result.revising,
        at,
      );
      const { contentId, status: contentStatus, latestVersion: contentVersion } = content.write.after;
      const succeeded: GuardedChange = {
        set: {
          finishedAt: at.toISOString(),
          durationMs: at.getTime() - Date.parse(run.startedAt ?? run.queuedAt),
          model: result.model,
          usage: result.usage,
          costUsd: result.costUsd,
          creditsCharged: result.creditsCharged,
          contentId,
          contentType: result.contentType,
          contentStatus,
          contentVersion,
          brandVersion: result.brandVersion,
          sources: result.sources,
        },
        remove: ["leaseUntil"],
      };
      const move = transition(
        "complete",
        tenantId,
        run,
        succeeded,
        { attempts: run.attempts },
        { at, onConditionFailed: () => new RunLeaseLostError(run.runId) },
      );
      const ops: WriteOp[] = [
        ...content.ops,
        move.op(),
        ...credits.commitOps(tenantId, {
          runId: run.runId,
          reserved: run.creditsReserved,
          charged: result.creditsCharged,
          correlationId: run.correlationId,
        }),
        liveStatusOp(table, tenantId, run, "succeeded", "done"),
      ];
      // A brand profile the run produced is a proposal, in the same transaction (planned on the
      // brand's state as read, and again if another brand change got there first).
      const proposal =
        result.brandProfile === undefined
          ? undefined
          : { profile: result.brandProfile, runId: run.runId, contentId };
      await withBrandProposal(table, tenantId, proposal, (brandOps) => table.transact([...ops, ...brandOps]));
      // The condition proved `run` was the stored run: the transaction's outcome needs no read.
      return afterGuardedChange<RunRecord>(
        { ...run, id: run.runId },
        { ...succeeded, set: { ...succeeded.set, status: targetOf("complete") } },
        at,
      );
    },

    async release(tenantId, run, reason) {
      const result = await transition(
        "release",
        tenantId,
        run,
        { set: { lastError: reason }, remove: ["leaseUntil"] },
        { attempts: run.attempts },
      ).send();
      return result.ok;
    },

    async fail(tenantId, run, failure, holder) {
      const at = table.now();
      const change: GuardedChange = {
        set: {
          finishedAt: at.toISOString(),
          failure: { kind: failure.kind, reason: failure.reason, at: at.toISOString() },
          creditsCharged: 0,
          eventPublished: false,
        },
        remove: ["leaseUntil"],
      };
      // A worker fails the run it holds; anyone else only a run nobody holds.
      const move = holder
        ? transition("fail", tenantId, run, change, { attempts: holder.attempts }, { onConditionFailed })
        : transition(
            "abandon",
            tenantId,
            run,
            change,
            { attempts: run.attempts, now: at.getTime() },
            { onConditionFailed },
          );
      try {
        await table.transact([
          move.op(),
          ...credits.releaseOps(tenantId, {
            runId: run.runId,
            reserved: run.creditsReserved,
            correlationId: run.correlationId,
          }),
          liveStatusOp(table, tenantId, run, "failed", "done"),
        ]);
      } catch (error) {
        if (error instanceof RunMovedError) return undefined;
        throw error;
      }
      if (run.revises) await revisionFailed(table, tenantId, run.revises.contentId, run.runId, at);
      return repository.get(tenantId, run.runId);
    },

    async markEventPublished(tenantId, run) {
      await scope(tenantId).updateWhere(RUN, run.runId, { set: { eventPublished: true } }, {});
    },
  };
  return repository;
}
