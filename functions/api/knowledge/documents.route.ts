import type { knowledgeRoutes } from "#shared/contracts/knowledge.routes";
import {
  addKnowledgeDocument,
  deleteKnowledgeDocument,
  getKnowledgeDocument,
  listKnowledgeDocuments,
} from "#shared/domain/knowledge/knowledge";
import { actingOf } from "#shared/platform/http/acting";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { created, noContent, ok } from "#shared/platform/http/reply";
import type { KnowledgeRoutesDeps } from "./deps.ts";

/** Stores the document, audits it and announces it for indexing (`addKnowledgeDocument`). */
export function addRoute(deps: KnowledgeRoutesDeps): RouteHandler<typeof knowledgeRoutes.add> {
  return async (request) =>
    created(await addKnowledgeDocument(deps, request.auth.tenantId, request.body, actingOf(request)));
}

/** A page of the tenant's documents, newest first; the cursor is bound to this tenant's listing. */
export function listRoute(deps: KnowledgeRoutesDeps): RouteHandler<typeof knowledgeRoutes.list> {
  return async ({ auth, query }) => {
    const page = await listKnowledgeDocuments(deps, auth.tenantId, query);
    return ok({ items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
  };
}

export function getRoute(deps: KnowledgeRoutesDeps): RouteHandler<typeof knowledgeRoutes.get> {
  return async ({ auth, params }) => ok(await getKnowledgeDocument(deps, auth.tenantId, params.documentId));
}

/** Deletes the document, audits it and announces it, so its chunks leave the index (`deleteKnowledgeDocument`). */
export function removeRoute(deps: KnowledgeRoutesDeps): RouteHandler<typeof knowledgeRoutes.remove> {
  return async (request) => {
    await deleteKnowledgeDocument(deps, request.auth.tenantId, request.params.documentId, actingOf(request));
    return noContent();
  };
}
