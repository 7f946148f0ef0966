import type { Principal, StaffPrincipal, TenantPrincipal } from "#shared/domain/access/principal";
import type { Role, RouteAccess } from "#shared/domain/access/roles";
import { ROLES, STAFF_ROLES, TENANT_ROLES } from "#shared/domain/access/roles";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";

/**
 * What the authorizer hands to the function (HTTP API simple response `context`, which arrives as
 * `requestContext.authorizer.lambda`): who the caller is. `tenantId` only for tenant users. The
 * authorizer writes it with `authorizerContext` and the kit reads it with `principalFrom`, so the two
 * sides cannot drift.
 */
export interface AuthorizerContext {
  userId: string;
  role: Role;
  jti: string;
  tenantId?: string;
  sid?: string;
  /** `ORIGIN_VERIFIED` when the request came through the front door (see `client-address.ts`). */
  origin?: string;
}

/** The context an allowed request carries to the function. */
export function authorizerContext(
  principal: Principal,
  options: { origin?: string } = {},
): AuthorizerContext & Record<string, string> {
  const context: AuthorizerContext & Record<string, string> = {
    userId: principal.userId,
    role: principal.role,
    jti: principal.jti,
  };
  if (principal.kind === "tenant") context.tenantId = principal.tenantId;
  if (principal.sid) context.sid = principal.sid;
  if (options.origin) context.origin = options.origin;
  return context;
}

function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (list as readonly string[]).includes(value);
}

/**
 * Reads the principal from the authorizer context, or `undefined` when the context is missing or
 * malformed (which the kit treats as a server fault: a non-public route is always authorized).
 */
export function principalFrom(context: unknown): Principal | undefined {
  if (typeof context !== "object" || context === null) return undefined;
  const c = context as Record<string, unknown>;
  const { userId, role, jti, tenantId } = c;
  const sid = typeof c.sid === "string" && c.sid !== "" ? { sid: c.sid } : {};
  if (typeof userId !== "string" || userId === "" || typeof jti !== "string" || !isOneOf(ROLES, role)) {
    return undefined;
  }
  if (isOneOf(TENANT_ROLES, role)) {
    if (typeof tenantId !== "string") return undefined;
    return { kind: "tenant", userId, role, jti, tenantId: parseTenantId(tenantId), ...sid };
  }
  if (isOneOf(STAFF_ROLES, role) && tenantId === undefined)
    return { kind: "staff", userId, role, jti, ...sid };
  return undefined;
}

/** The auth a route handler receives, typed by the route's declared access. */
export type { Principal, StaffPrincipal, TenantPrincipal };

/** The auth a route handler receives, typed by the route's declared access. */
export type AuthFor<A> = A extends { tenant: { from: "token" } }
  ? { principal: TenantPrincipal; tenantId: TenantId }
  : A extends { tenant: { from: "path" } }
    ? { principal: Principal; tenantId: TenantId }
    : A extends RouteAccess
      ? { principal: Principal }
      : null;
