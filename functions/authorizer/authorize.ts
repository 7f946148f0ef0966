import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from "aws-lambda";
import { type AssignmentLookup, decideAccess } from "#shared/domain/access/access-policy";
import { accessTokenClaims } from "#shared/domain/access/access-token";
import type { Principal } from "#shared/domain/access/principal";
import type { RouteDeclaration } from "#shared/platform/declaration/types";
import { logger } from "#shared/platform/logger";
import { parseTenantId } from "#shared/platform/tenant-id";

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<Record<string, string>>;

export interface AuthorizeDeps {
  verifier: { verify: (token: string) => Promise<unknown> };
  /** The declared route of a route key; unknown keys are denied. */
  routeOf: (routeKey: string) => RouteDeclaration | undefined;
  isAssigned: AssignmentLookup;
}

const DENY: AuthorizerResult = { isAuthorized: false, context: {} };

/**
 * Primary course: take the bearer token, verify it (signature, expiry, issuer, audience), read its
 * claims, and decide the route's declared access. Anything that does not verify is a deny; a fault of
 * ours (a dependency down) throws, which API Gateway answers with 500, never an allow.
 */
export async function authorize(
  event: APIGatewayRequestAuthorizerEventV2,
  deps: AuthorizeDeps,
): Promise<AuthorizerResult> {
  const route = deps.routeOf(event.routeKey);
  if (!route?.access) {
    logger.warn("Authorizer asked about an undeclared or public route", { routeKey: event.routeKey });
    return DENY;
  }
  const token = bearerToken(event.headers?.authorization);
  if (!token) return DENY;
  let payload: unknown;
  try {
    payload = await deps.verifier.verify(token);
  } catch (error) {
    logger.info("Token refused", { reason: error instanceof Error ? error.name : "unknown" });
    return DENY;
  }
  const claims = accessTokenClaims.safeParse(payload);
  if (!claims.success) {
    logger.info("Token claims refused", { issues: claims.error.issues.length });
    return DENY;
  }
  const c = claims.data;
  const principal: Principal =
    c.role === "member" || c.role === "admin"
      ? { kind: "tenant", userId: c.sub, role: c.role, jti: c.jti, tenantId: parseTenantId(c.tenantId) }
      : { kind: "staff", userId: c.sub, role: c.role, jti: c.jti };
  const decision = await decideAccess(principal, route.access, event.pathParameters ?? {}, deps.isAssigned);
  if (!decision.allow) {
    logger.info("Access denied", {
      routeKey: event.routeKey,
      userId: principal.userId,
      reason: decision.reason,
    });
    return DENY;
  }
  const context: Record<string, string> = {
    userId: principal.userId,
    role: principal.role,
    jti: principal.jti,
  };
  if (principal.kind === "tenant") context.tenantId = principal.tenantId;
  if (decision.scopeTenantId) context.scopeTenantId = decision.scopeTenantId;
  return { isAuthorized: true, context };
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(header ?? "");
  return match?.[1];
}
