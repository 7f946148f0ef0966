/** Reading content: the tenant's library, one item with its history, a version, a diff. */
import type { contentRoutes } from "#shared/contracts/content.routes";
import { isTenantRole, type Role } from "#shared/domain/access/roles";
import { diffBodies } from "#shared/domain/content/diff";
import { ContentNotFoundError, ContentVersionNotFoundError } from "#shared/domain/content/errors";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import type { ContentDeps } from "./deps.ts";
import { commentView, itemView, versionView } from "./views.ts";

/**
 * Whose names a reader sees beside what people wrote: a tenant's users see their own team's (the
 * platform's reviewers stay "a reviewer" to them); reviewers see everyone's.
 */
export type NamesShown = "team" | "everyone";

/**
 * The item, every version (oldest first) and the comment thread, with the names of the people who
 * wrote them, as far as the reader may see them (read together, in one round trip, only when people
 * wrote anything).
 */
export async function contentDetail(
  deps: ContentDeps,
  tenantId: TenantId,
  contentId: string,
  shown: NamesShown,
) {
  const [item, versions, comments] = await Promise.all([
    deps.content.get(tenantId, contentId),
    deps.content.versions(tenantId, contentId),
    deps.content.comments(tenantId, contentId),
  ]);
  if (!item) throw new ContentNotFoundError();
  const visible = (person: { role: Role }) => shown === "everyone" || isTenantRole(person.role);
  const people = [
    ...comments.map((comment) => comment.author),
    ...versions.flatMap(({ source }) => (source.kind === "person" ? [source] : [])),
  ].filter(visible);
  const names = people.length > 0 ? await deps.userNames(people.map((p) => p.userId)) : new Map();
  const named = <P extends { userId: string; role: Role }>(person: P): P => {
    const name = visible(person) ? names.get(person.userId) : undefined;
    return name === undefined ? person : { ...person, name };
  };
  return {
    ...itemView(item),
    versions: versions
      .map(versionView)
      .map((v) => (v.source.kind === "person" ? { ...v, source: named(v.source) } : v)),
    comments: comments.map(commentView).map((c) => ({ ...c, author: named(c.author) })),
  };
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
  return async ({ auth, params }) => ok(await contentDetail(deps, auth.tenantId, params.contentId, "team"));
}

export function getVersionRoute(deps: ContentDeps): RouteHandler<typeof contentRoutes.getVersion> {
  return async ({ auth, params }) =>
    ok(await oneVersion(deps, auth.tenantId, params.contentId, params.version));
}

export function diffRoute(deps: ContentDeps): RouteHandler<typeof contentRoutes.diff> {
  return async ({ auth, params, query }) =>
    ok(await versionDiff(deps, auth.tenantId, params.contentId, query));
}
