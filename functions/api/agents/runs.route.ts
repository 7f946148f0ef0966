import type { agentsRoutes } from "#shared/contracts/agents.routes";
import { RunNotFoundError } from "#shared/domain/agents/errors";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import type { AgentsDeps } from "./deps.ts";
import { runView } from "./run-view.ts";

/** A page of the tenant's runs; the cursor is bound to this tenant and filter. */
export function listRunsRoute(deps: AgentsDeps): RouteHandler<typeof agentsRoutes.listRuns> {
  return async ({ auth, query }) => {
    const page = await deps.runs.list(auth.tenantId, query);
    return ok({
      items: page.items.map(runView),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  };
}

/** One run, with the content it produced once it succeeded. */
export function getRunRoute(deps: AgentsDeps): RouteHandler<typeof agentsRoutes.getRun> {
  return async ({ auth, params }) => {
    const run = await deps.runs.get(auth.tenantId, params.runId);
    if (!run) throw new RunNotFoundError(params.runId);
    // The version this run wrote (a revision run wrote a later version of an earlier item).
    const [content, version] = run.contentId
      ? await Promise.all([
          deps.content.get(auth.tenantId, run.contentId),
          deps.content.version(auth.tenantId, run.contentId, run.contentVersion ?? 1),
        ])
      : [undefined, undefined];
    return ok({
      ...runView(run),
      ...(content && version
        ? {
            content: {
              contentId: content.contentId,
              type: content.type,
              status: content.status,
              version: version.version,
              body: version.body,
            },
          }
        : {}),
    });
  };
}

/** Live progress of recent runs (a reconnecting client catches up here). */
export function liveRoute(deps: AgentsDeps): RouteHandler<typeof agentsRoutes.live> {
  return async ({ auth }) => {
    const items = await deps.live.list(auth.tenantId);
    return ok({
      items: items.map((i) => ({
        runId: i.runId,
        role: i.role,
        status: i.status,
        step: i.step,
        percent: i.percent,
        updatedAt: i.updatedAt,
      })),
    });
  };
}

/** Balance, reservations and a page of the ledger. */
export function creditsRoute(deps: AgentsDeps): RouteHandler<typeof agentsRoutes.credits> {
  return async ({ auth, query }) => {
    const [balance, ledger] = await Promise.all([
      deps.credits.balance(auth.tenantId),
      deps.credits.ledger(auth.tenantId, query),
    ]);
    return ok({
      balance: balance.available,
      reserved: balance.reserved,
      granted: balance.granted,
      spent: balance.spent,
      ledger: ledger.items.map((e) => ({
        id: e.id,
        kind: e.kind,
        amount: e.amount,
        ...(e.released === undefined ? {} : { released: e.released }),
        ...(e.runId ? { runId: e.runId } : {}),
        ...(e.reason ? { reason: e.reason } : {}),
        at: e.at,
      })),
      ...(ledger.nextCursor ? { nextCursor: ledger.nextCursor } : {}),
    });
  };
}
