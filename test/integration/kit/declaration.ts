/**
 * A fixture domain built with the real handler kit, data kit, event and job kits, behind the real
 * authorizer: the kit's behaviour end to end through the local gateway, before real domains exist.
 */
import * as z from "zod/mini";
import type { RouteAccess } from "#shared/domain/access/roles";
import { SINGLE_TABLE } from "#shared/platform/declaration/single-table";
import type { ApiDomainDeclaration, PlatformDeclaration } from "#shared/platform/declaration/types";
import { assertValidDeclaration } from "#shared/platform/declaration/validate";

const member = { role: "member", tenant: { from: "token" } } as const satisfies RouteAccess;
const ulid = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/));

export const notesRoutes = {
  create: {
    method: "POST",
    path: "/api/tenant/v1/notes",
    summary: "Create a note.",
    access: member,
    body: z.strictObject({
      title: z.string().check(z.minLength(1), z.maxLength(200)),
      text: z.optional(z.string().check(z.maxLength(2000))),
    }),
    maxBodyBytes: 4096,
  },
  list: {
    method: "GET",
    path: "/api/tenant/v1/notes",
    summary: "List my tenant's notes.",
    access: member,
    query: z.strictObject({
      limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
      cursor: z.optional(z.string().check(z.maxLength(2048))),
    }),
  },
  get: {
    method: "GET",
    path: "/api/tenant/v1/notes/{noteId}",
    summary: "Get one note.",
    access: member,
    params: z.strictObject({ noteId: ulid }),
  },
  rename: {
    method: "PATCH",
    path: "/api/tenant/v1/notes/{noteId}",
    summary: "Rename a note, if unchanged since `expectedVersion`.",
    access: member,
    params: z.strictObject({ noteId: ulid }),
    body: z.strictObject({
      title: z.string().check(z.minLength(1)),
      expectedVersion: z.number().check(z.int()),
    }),
  },
  review: {
    method: "GET",
    path: "/api/dm/v1/tenants/{tenantId}/notes",
    summary: "A reviewer lists an assigned tenant's notes.",
    access: { role: "reviewer", tenant: { from: "path", param: "tenantId" } },
    params: z.strictObject({ tenantId: z.string() }),
  },
} as const;

export const notesApi = {
  domain: "notes",
  entry: "test/integration/kit/notes.handler.ts",
  timeoutSeconds: 10,
  routes: notesRoutes,
  bindings: { table: "readwrite", events: true, sendsTo: ["jobs"], secrets: ["cursor-key"] },
} as const satisfies ApiDomainDeclaration;

export const KIT_PUBLIC_ROUTES: readonly string[] = [];

export const kitDeclaration = {
  app: "kit",
  authorizer: {
    entry: "test/integration/kit/authorizer.handler.ts",
    timeoutSeconds: 5,
    // A real cache TTL: the path-tenant decision must stay right when the authorizer's answer is cached.
    resultsCacheTtlSeconds: 30,
    identitySource: ["$request.header.Authorization", "$context.routeKey"],
    bindings: { table: "read", secrets: ["verification-keys"] },
  },
  api: [notesApi],
  table: SINGLE_TABLE,
  eventBus: { name: "domain-events" },
  queues: [{ name: "jobs", purpose: "Note indexing jobs.", maxReceiveCount: 5 }],
  queueFunctions: [],
  containers: [],
  eventRules: [],
  schedules: [],
  secrets: [
    {
      name: "signing-keys",
      description: "Fixture JWK set.",
      localValue: "es256-jwk-set",
      provisionedBy: "tests",
    },
    {
      name: "verification-keys",
      description: "Its public keys.",
      localValue: { publicKeysOf: "signing-keys" },
      provisionedBy: "tests",
    },
    {
      name: "cursor-key",
      description: "Signs cursors.",
      localValue: "random-256-bit",
      provisionedBy: "tests",
    },
  ],
} as const satisfies PlatformDeclaration;

assertValidDeclaration(kitDeclaration, KIT_PUBLIC_ROUTES);
