/** Reading content: the tenant's library, one item with its history, a version, a diff. */
import type { contentRoutes } from "#shared/contracts/content.routes";
import { diffBodies } from "#shared/domain/content/diff";
import { ContentNotFoundError, ContentVersionNotFoundError } from "#shared/domain/content/errors";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import type { ContentDeps } from "./deps.ts";
import { commentView, itemView, versionView } from "./views.ts";

/** The item, every version (oldest first) and the comment thread. */
export async function contentDetail(deps: ContentDeps, tenantId: TenantId, contentId: string) {
  const [item, versions, comments] = await Promise.all([
    deps.content.get(tenantId, contentId),
    deps.content.versions(tenantId, contentId),
    deps.content.comments(tenantId, contentId),
  ]);
  if (!item) throw new ContentNotFoundError();
  return { ...itemView(item), versions: versions.map(versionView), comments: comments.map(commentView) };
}

export async function oneVersion(deps: ContentDeps, tenantId: TenantId, contentId: string, version: number) {
  const found = await deps.content.version(tenantId, contentId, version);
  if (!found) {
    if (!(await deps.content.get(tenantId, contentId))) throw new ContentNotFoundError();
    throw new ContentVersionNotFoundError(version);
  }
  return versionView(found);
}

export async function versionDiff(
  deps: ContentDeps,
  tenantId: TenantId,
  contentId: string,
  range: { from: number; to: number },
) {
  const [from, to] = await Promise.all([
    oneVersion(deps, tenantId, contentId, range.from),
    oneVersion(deps, tenantId, contentId, range.to),
  ]);
  return { from: from.version, to: to.version, fields: diffBodies(from.body, to.body) };
}

export function listContentRoute(deps: ContentDeps): RouteHandler<typeof contentRoutes.listContent> {
  return async ({ auth, query }) => {
    const page = await deps.content.list(auth.tenantId, query);
    return ok({
      items: page.items.map(itemView),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  };
}

export function getContentRoute(deps: ContentDeps): RouteHandler<typeof contentRoutes.getContent> {
  return async ({ auth, params }) => ok(await contentDetail(deps, auth.tenantId, params.contentId));
}

export function getVersionRoute(deps: ContentDeps): RouteHandler<typeof contentRoutes.getVersion> {
  return async ({ auth, params }) =>
    ok(await oneVersion(deps, auth.tenantId, params.contentId, params.version));
}

export function diffRoute(deps: ContentDeps): RouteHandler<typeof contentRoutes.diff> {
  return async ({ auth, params, query }) =>
    ok(await versionDiff(deps, auth.tenantId, params.contentId, query));
}
