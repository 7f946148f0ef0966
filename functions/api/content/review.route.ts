/** The reviewer's side: the queue across assigned tenants, and an item with what its review needs. */
import type { contentRoutes } from "#shared/contracts/content.routes";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import type { ContentDeps } from "./deps.ts";
import { contentDetail, oneVersion, versionDiff } from "./read.route.ts";

type R = typeof contentRoutes;

/** Oldest first, with how long each has waited; a super-admin sees every tenant's. */
export function queueRoute(deps: ContentDeps): RouteHandler<R["queue"]> {
  return async ({ auth, query }) => {
    const { principal } = auth;
    const tenants = principal.role === "super_admin" ? "all" : await deps.assignedTenants(principal.userId);
    const entries = await deps.queue.oldest(tenants, query.limit ?? 50);
    const now = deps.now().getTime();
    return ok({
      items: entries.map((entry) => ({
        ...entry,
        waitingSeconds: Math.max(0, Math.floor((now - Date.parse(entry.waitingSince)) / 1000)),
      })),
    });
  };
}

/** The item, its history and thread, the brief of the run that wrote it and the brand version used. */
export function reviewContentRoute(deps: ContentDeps): RouteHandler<R["reviewContent"]> {
  return async ({ auth, params }) => {
    const detail = await contentDetail(deps, auth.tenantId, params.contentId);
    const run = await deps.runs.get(auth.tenantId, detail.runId);
    const latest = detail.versions.at(-1);
    const brandVersion = latest?.source.kind === "agent" ? latest.source.brandVersion : undefined;
    return ok({
      tenantId: auth.tenantId,
      ...detail,
      ...(run ? { brief: run.input } : {}),
      ...(brandVersion === undefined ? {} : { brandVersion }),
    });
  };
}

export function reviewVersionRoute(deps: ContentDeps): RouteHandler<R["reviewVersion"]> {
  return async ({ auth, params }) =>
    ok(await oneVersion(deps, auth.tenantId, params.contentId, params.version));
}

export function reviewDiffRoute(deps: ContentDeps): RouteHandler<R["reviewDiff"]> {
  return async ({ auth, params, query }) =>
    ok(await versionDiff(deps, auth.tenantId, params.contentId, query));
}
