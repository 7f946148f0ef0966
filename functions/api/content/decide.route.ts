/**
 * Decisions and edits, for tenant admins (`/api/tenant/v1/content/…`) and assigned reviewers
 * (`/api/dm/v1/tenants/{tenantId}/content/…`) alike: the same use cases, whose lifecycle decides who
 * may do what from where.
 */
import type { contentRoutes } from "#shared/contracts/content.routes";
import {
  addComment,
  approve,
  archive,
  editContent,
  requestChanges,
  schedule,
  unschedule,
} from "#shared/domain/content/review";
import { actingOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { created, ok } from "#shared/platform/http/reply";
import type { ContentDeps } from "./deps.ts";
import { commentView, itemView } from "./views.ts";

type R = typeof contentRoutes;

export function approveRoute(deps: ContentDeps): RouteHandler<R["approve"] | R["reviewApprove"]> {
  return async (request) => {
    const { params, body, auth } = request;
    return ok(
      itemView(
        await approve(
          deps,
          auth.tenantId,
          { contentId: params.contentId, version: body.version },
          actingOf(request),
        ),
      ),
    );
  };
}

export function requestChangesRoute(
  deps: ContentDeps,
): RouteHandler<R["requestChanges"] | R["reviewRequestChanges"]> {
  return async (request) => {
    const { params, body, auth } = request;
    const item = await requestChanges(
      deps,
      auth.tenantId,
      { contentId: params.contentId, version: body.version, feedback: body.feedback },
      actingOf(request),
    );
    return ok(itemView(item));
  };
}

export function editRoute(deps: ContentDeps): RouteHandler<R["edit"] | R["reviewEdit"]> {
  return async (request) => {
    const { params, body, auth } = request;
    const item = await editContent(
      deps,
      auth.tenantId,
      { contentId: params.contentId, version: body.version, body: body.body },
      actingOf(request),
    );
    return ok(itemView(item));
  };
}

export function commentRoute(deps: ContentDeps): RouteHandler<R["comment"] | R["reviewComment"]> {
  return async (request) => {
    const { params, body, auth } = request;
    const comment = await addComment(
      deps,
      auth.tenantId,
      { contentId: params.contentId, body: body.body, commentId: deps.newId() },
      actingOf(request),
    );
    return created(commentView(comment));
  };
}

export function scheduleRoute(deps: ContentDeps): RouteHandler<R["schedule"]> {
  return async (request) => {
    const { params, body, auth } = request;
    const scheduledFor = new Date(body.scheduledFor).toISOString();
    return ok(
      itemView(
        await schedule(deps, auth.tenantId, { contentId: params.contentId, scheduledFor }, actingOf(request)),
      ),
    );
  };
}

export function unscheduleRoute(deps: ContentDeps): RouteHandler<R["unschedule"]> {
  return async (request) =>
    ok(itemView(await unschedule(deps, request.auth.tenantId, request.params.contentId, actingOf(request))));
}

export function archiveRoute(deps: ContentDeps): RouteHandler<R["archive"]> {
  return async (request) =>
    ok(itemView(await archive(deps, request.auth.tenantId, request.params.contentId, actingOf(request))));
}
