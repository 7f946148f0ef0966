import * as z from "zod/mini";
import type { RouteAccess } from "#shared/domain/access/roles";
import { AUDIT_TYPES } from "#shared/domain/audit/audit-entry";
import { emailSchema } from "#shared/domain/identity/email";
import { displayLine } from "#shared/domain/text/display-text";
import type { ApiDomainDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";
import { pageQuery } from "./pagination.ts";
import { auditPage, invitedUserView, pageOf, userView } from "./response-views.ts";

/** Admins manage their tenant's users; members may see who is in it. */
const admin = { role: "admin", tenant: { from: "token" } } as const satisfies RouteAccess;
const member = { role: "member", tenant: { from: "token" } } as const satisfies RouteAccess;

const userId = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/));
/** Only tenant roles: a tenant admin can never hand out a platform role. */
const tenantRole = z.enum(["member", "admin"]);
const page = pageQuery;

/** The signed-in admin's tenant's users and audit log: `/api/tenant/v1`. */
export const tenantUsersRoutes = {
  list: {
    method: "GET",
    path: "/api/tenant/v1/users",
    summary: "List my tenant's users (members may too).",
    access: member,
    query: z.strictObject(page),
    response: pageOf(userView),
  },
  invite: {
    method: "POST",
    path: "/api/tenant/v1/users",
    summary:
      "Add a user to my tenant; the answer carries a one-time temporary password, shown only this once.",
    access: admin,
    body: z.strictObject({
      name: displayLine(120),
      email: emailSchema,
      role: tenantRole,
    }),
    maxBodyBytes: 4096,
    response: invitedUserView,
    successStatuses: [201],
  },
  remove: {
    method: "DELETE",
    path: "/api/tenant/v1/users/{userId}",
    summary: "Remove a user of my tenant (never its last admin); its tokens stop working.",
    access: admin,
    params: z.strictObject({ userId }),
    response: z.undefined(),
  },
  changeRole: {
    method: "PUT",
    path: "/api/tenant/v1/users/{userId}/role",
    summary:
      "Make a user of my tenant a member or an admin (never demoting the last admin); they sign in again.",
    access: admin,
    params: z.strictObject({ userId }),
    body: z.strictObject({ role: tenantRole }),
    maxBodyBytes: 1024,
    response: userView,
  },
  audit: {
    method: "GET",
    path: "/api/tenant/v1/audit",
    summary: "My tenant's audit log, newest first.",
    access: admin,
    query: z.strictObject({ ...page, type: z.optional(z.enum(AUDIT_TYPES)) }),
    response: auditPage,
  },
} as const satisfies Record<string, RouteDeclaration>;

export const tenantUsersApi = {
  domain: "tenant-users",
  entry: "functions/api/tenant-users/handler.ts",
  // An invitation hashes its temporary password (scrypt, 32 MiB), as sign-up does.
  timeoutSeconds: 10,
  memoryMb: 1024,
  routes: tenantUsersRoutes,
  bindings: { table: "readwrite", secrets: ["cursor-key"] },
} as const satisfies ApiDomainDeclaration;
