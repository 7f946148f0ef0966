import * as z from "zod/mini";
import type { RouteAccess } from "#shared/domain/access/roles";
import { brandProfileInputSchema, brandProfileSchema } from "#shared/domain/brand/brand-profile";
import { BRAND_STATUSES } from "#shared/domain/brand/brand-version";
import { displayLine } from "#shared/domain/text/display-text";
import type { ApiDomainDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";
import { pageQuery } from "./pagination.ts";
import { pageOf, timestamp } from "./response-views.ts";

/**
 * Every user of a tenant may read its brand; only its admins change it. A reviewer assigned to the
 * tenant (any super-admin) reads the version a piece of content was written with.
 */
const member = { role: "member", tenant: { from: "token" } } as const satisfies RouteAccess;
const admin = { role: "admin", tenant: { from: "token" } } as const satisfies RouteAccess;
const assignedReviewer = {
  role: "reviewer",
  tenant: { from: "path", param: "tenantId" },
} as const satisfies RouteAccess;

/** Brand version numbers: 1, 2, 3… (0 in `baseVersion` means "there is no accepted version yet"). */
const MAX_VERSION = 999_999;
const version = z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_VERSION));
const versionParams = z.strictObject({ version });
const reviewVersionParams = z.strictObject({
  tenantId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)),
  version,
});
/** A whole profile at its limits, in a script of three UTF-8 bytes a character, fits. */
const PROFILE_BODY_BYTES = 98_304;

const versionNumber = z.int().check(z.minimum(1));

/** Who wrote a version, and from what. */
const brandOrigin = z.discriminatedUnion("kind", [
  /** Produced by a run of `setup`. */
  z.strictObject({ kind: z.literal("setup"), runId: z.string(), contentId: z.string() }),
  /** Written by a tenant admin on top of the accepted version `baseVersion` (0: there was none). */
  z.strictObject({
    kind: z.literal("edit"),
    userId: z.string(),
    baseVersion: z.int().check(z.minimum(0)),
  }),
  /** A proposal a tenant admin accepted with edits. */
  z.strictObject({ kind: z.literal("proposal"), userId: z.string(), proposal: versionNumber }),
]);

/** One brand version: its number, status, profile, author, and its last change of status, if any. */
export const brandVersion = z.strictObject({
  version: versionNumber,
  status: z.enum(BRAND_STATUSES),
  profile: brandProfileSchema,
  origin: brandOrigin,
  createdAt: timestamp,
  /** By whom (a user id, or the run that superseded a proposal) and when; `reason` of a dismissal. */
  statusChange: z.optional(z.strictObject({ by: z.string(), at: timestamp, reason: z.optional(z.string()) })),
});
export type BrandVersionView = z.output<typeof brandVersion>;

/** The accepted version and the pending proposal; `null` where there is none. */
export const currentBrand = z.strictObject({
  current: z.nullable(brandVersion),
  proposal: z.nullable(brandVersion),
});
export type CurrentBrandView = z.output<typeof currentBrand>;

export const brandVersionListing = pageOf(brandVersion);
export type BrandVersionListing = z.output<typeof brandVersionListing>;

/**
 * The tenant's brand profile and voice, and its versions: `/api/tenant/v1/brand`; a reviewer's read of
 * one version under `/api/dm/v1`.
 */
export const brandRoutes = {
  get: {
    method: "GET",
    path: "/api/tenant/v1/brand",
    summary: "My tenant's current (accepted) brand profile and the proposal waiting for a decision, if any.",
    access: member,
    response: currentBrand,
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
    response: brandVersion,
  },
  listVersions: {
    method: "GET",
    path: "/api/tenant/v1/brand/versions",
    summary: "My tenant's brand versions, newest first, each with its status and who wrote it.",
    access: member,
    query: z.strictObject(pageQuery),
    response: brandVersionListing,
  },
  getVersion: {
    method: "GET",
    path: "/api/tenant/v1/brand/versions/{version}",
    summary: "One brand version.",
    access: member,
    params: versionParams,
    response: brandVersion,
  },
  reviewVersion: {
    method: "GET",
    path: "/api/dm/v1/tenants/{tenantId}/brand/versions/{version}",
    summary: "One brand version of a tenant I review: the profile and voice its content was written with.",
    access: assignedReviewer,
    params: reviewVersionParams,
    response: brandVersion,
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
    response: brandVersion,
  },
  dismiss: {
    method: "POST",
    path: "/api/tenant/v1/brand/versions/{version}/dismiss",
    summary: "Dismiss the pending proposal (it is kept, as rejected); the current profile stays.",
    access: admin,
    params: versionParams,
    body: z.optional(z.strictObject({ reason: z.optional(displayLine(500)) })),
    maxBodyBytes: 4096,
    response: brandVersion,
  },
} as const satisfies Record<string, RouteDeclaration>;

export const brandApi = {
  domain: "brand",
  entry: "functions/api/brand/handler.ts",
  timeoutSeconds: 10,
  memoryMb: 512,
  routes: brandRoutes,
  // A change of the accepted profile is announced (`brand.accepted`) for the search indexer.
  bindings: { table: "readwrite", events: true, secrets: ["cursor-key"] },
} as const satisfies ApiDomainDeclaration;
