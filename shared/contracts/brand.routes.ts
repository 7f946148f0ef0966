import * as z from "zod/mini";
import type { RouteAccess } from "#shared/domain/access/roles";
import { brandProfileInputSchema } from "#shared/domain/brand/brand-profile";
import { displayLine } from "#shared/domain/text/display-text";
import type { ApiDomainDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";
import { pageQuery } from "./pagination.ts";

/** Every user of a tenant may read its brand; only its admins change it. */
const member = { role: "member", tenant: { from: "token" } } as const satisfies RouteAccess;
const admin = { role: "admin", tenant: { from: "token" } } as const satisfies RouteAccess;

/** Brand version numbers: 1, 2, 3… (0 in `baseVersion` means "there is no accepted version yet"). */
const MAX_VERSION = 999_999;
const versionParams = z.strictObject({
  version: z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_VERSION)),
});
/** A whole profile at its limits, in a script of three UTF-8 bytes a character, fits. */
const PROFILE_BODY_BYTES = 98_304;

/** The tenant's brand profile and voice, and its versions: `/api/tenant/v1/brand`. */
export const brandRoutes = {
  get: {
    method: "GET",
    path: "/api/tenant/v1/brand",
    summary: "My tenant's current (accepted) brand profile and the proposal waiting for a decision, if any.",
    access: member,
  },
  save: {
    method: "PUT",
    path: "/api/tenant/v1/brand",
    summary:
      "Save a whole brand profile as a new accepted version. `baseVersion` is the accepted version the edit was made on (0: none yet); another → 409 BRAND.STALE_BASE_VERSION.",
    access: admin,
    body: z.strictObject({
      baseVersion: z.number().check(z.int(), z.minimum(0), z.maximum(MAX_VERSION)),
      profile: brandProfileInputSchema,
    }),
    maxBodyBytes: PROFILE_BODY_BYTES,
  },
  listVersions: {
    method: "GET",
    path: "/api/tenant/v1/brand/versions",
    summary: "My tenant's brand versions, newest first, each with its status and who wrote it.",
    access: member,
    query: z.strictObject(pageQuery),
  },
  getVersion: {
    method: "GET",
    path: "/api/tenant/v1/brand/versions/{version}",
    summary: "One brand version.",
    access: member,
    params: versionParams,
  },
  accept: {
    method: "POST",
    path: "/api/tenant/v1/brand/versions/{version}/accept",
    summary:
      "Accept the pending proposal as the current brand profile; with an edited `profile`, the edit becomes a new accepted version that names the proposal.",
    access: admin,
    params: versionParams,
    body: z.optional(z.strictObject({ profile: z.optional(brandProfileInputSchema) })),
    maxBodyBytes: PROFILE_BODY_BYTES,
  },
  dismiss: {
    method: "POST",
    path: "/api/tenant/v1/brand/versions/{version}/dismiss",
    summary: "Dismiss the pending proposal (it is kept, as rejected); the current profile stays.",
    access: admin,
    params: versionParams,
    body: z.optional(z.strictObject({ reason: z.optional(displayLine(500)) })),
    maxBodyBytes: 4096,
  },
} as const satisfies Record<string, RouteDeclaration>;

export const brandApi = {
  domain: "brand",
  entry: "functions/api/brand/handler.ts",
  timeoutSeconds: 10,
  memoryMb: 512,
  routes: brandRoutes,
  bindings: { table: "readwrite", secrets: ["cursor-key"] },
} as const satisfies ApiDomainDeclaration;
