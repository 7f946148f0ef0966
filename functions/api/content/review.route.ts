/** The reviewer's side: the queue across assigned tenants, and an item with what its review needs. */
import type { contentRoutes } from "#shared/contracts/content.routes";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import type { ContentDeps } from "./deps.ts";
import { contentDetail, oneVersion, versionDiff } from "./read.route.ts";

type R = typeof contentRoutes;

/**
 * Oldest first, a page at a time, with how long each has waited and the tenant's name; a super-admin
 * sees every tenant's. The names of a page's tenants are read together, in one round trip.
 */
export function queueRoute(deps: ContentDeps): RouteHandler<R["queue"]> {
  return async ({ auth, query }) => {
    const { principal } = auth;
    const tenants = principal.role === "super_admin" ? "all" : await deps.assignedTenants(principal.userId);
    const page = await deps.queue.oldest(tenants, {
      limit: query.limit ?? 50,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    const names = await deps.tenantNames(page.items.map((entry) => entry.tenantId));
    const now = deps.now().getTime();
    return ok({
      items: page.items.map((entry) => {
        const tenantName = names.get(entry.tenantId);
        return {
          ...entry,
          ...(tenantName === undefined ? {} : { tenantName }),
          waitingSeconds: Math.max(0, Math.floor((now - Date.parse(entry.waitingSince)) / 1000)),
        };
      }),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  };
}

/**
 * The item, its history and thread, the brief of the run that wrote it, the brand version used, and
 * whose it is (the tenant's name, read beside the item).
 */
export function reviewContentRoute(deps: ContentDeps): RouteHandler<R["reviewContent"]> {
  return async ({ auth, params }) => {
    const [detail, names] = await Promise.all([
      contentDetail(deps, auth.tenantId, params.contentId, "everyone"),
      deps.tenantNames([auth.tenantId]),
    ]);
    const run = await deps.runs.get(auth.tenantId, detail.runId);
    const latest = detail.versions.at(-1);
    const brandVersion = latest?.source.kind === "agent" ? latest.source.brandVersion : undefined;
    const tenantName = names.get(auth.tenantId);
    return ok({
      tenantId: auth.tenantId,
      ...(tenantName === undefined ? {} : { tenantName }),
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
