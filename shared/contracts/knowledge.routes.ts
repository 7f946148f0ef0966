import * as z from "zod/mini";
import type { RouteAccess } from "#shared/domain/access/roles";
import {
  knowledgeDocumentInputSchema,
  MAX_BODY_BYTES,
  MAX_KNOWLEDGE_DOCUMENTS,
} from "#shared/domain/knowledge/document";
import type { ApiDomainDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";
import { knowledgeDocument, knowledgeDocumentDetail, knowledgeListing } from "./knowledge-views.ts";
import { pageQuery } from "./pagination.ts";

/**
 * Every user of a tenant reads its knowledge base and adds to it (adding only grounds the agents
 * better); deleting takes away what every run relies on, so only its admins may.
 */
const member = { role: "member", tenant: { from: "token" } } as const satisfies RouteAccess;
const admin = { role: "admin", tenant: { from: "token" } } as const satisfies RouteAccess;

/** A document id: a ULID. */
const documentPath = z.strictObject({ documentId: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)) });

/**
 * The request body at its largest: a 1 MiB body whose every character JSON escapes in two bytes
 * (quotes, backslashes, line ends, tabs), a title and a URL. Above it → 413; a body within it but
 * over 1 MiB of text → 400.
 */
const ADD_BODY_BYTES = 2 * MAX_BODY_BYTES + 16_384;

/** The tenant's knowledge base, which grounds every agent's prompt: `/api/tenant/v1/knowledge`. */
export const knowledgeRoutes = {
  add: {
    method: "POST",
    path: "/api/tenant/v1/knowledge",
    summary: `Add a document (Markdown or plain text, up to 1 MiB of UTF-8, an optional http(s) source URL). It is chunked, embedded and indexed shortly after; agents then retrieve from it and cite it. A tenant holds at most ${MAX_KNOWLEDGE_DOCUMENTS} documents: one more is refused with 409 KNOWLEDGE.LIMIT_REACHED.`,
    access: member,
    body: knowledgeDocumentInputSchema,
    maxBodyBytes: ADD_BODY_BYTES,
    response: knowledgeDocument,
    successStatuses: [201],
  },
  list: {
    method: "GET",
    path: "/api/tenant/v1/knowledge",
    summary: "My tenant's knowledge documents, newest first, without their bodies.",
    access: member,
    query: z.strictObject(pageQuery),
    response: knowledgeListing,
  },
  get: {
    method: "GET",
    path: "/api/tenant/v1/knowledge/{documentId}",
    summary: "One knowledge document with its body.",
    access: member,
    params: documentPath,
    response: knowledgeDocumentDetail,
  },
  remove: {
    method: "DELETE",
    path: "/api/tenant/v1/knowledge/{documentId}",
    summary:
      "Delete a knowledge document; its chunks leave the index shortly after, and no later run retrieves them.",
    access: admin,
    params: documentPath,
    response: z.undefined(),
  },
} as const satisfies Record<string, RouteDeclaration>;

export const knowledgeApi = {
  domain: "knowledge",
  entry: "functions/api/knowledge/handler.ts",
  timeoutSeconds: 10,
  memoryMb: 512,
  routes: knowledgeRoutes,
  bindings: { table: "readwrite", events: true, secrets: ["cursor-key"] },
} as const satisfies ApiDomainDeclaration;
