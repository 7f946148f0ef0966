import {
  FetchError,
  JwksValidationError,
  JwkValidationError,
  NotSupportedError,
  ParameterValidationError,
} from "aws-jwt-verify/error";
import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from "aws-lambda";
import { VerificationKeysUnavailableError } from "#shared/adapters/jwks-cache";
import { decideRouteAccess } from "#shared/domain/access/access-policy";
import { accessTokenClaims, generationsOf } from "#shared/domain/access/access-token";
import type { TokenFacts } from "#shared/domain/access/ports";
import type { Principal } from "#shared/domain/access/principal";
import type { SessionVerdict } from "#shared/domain/access/session-verdict";
import { EDGE } from "#shared/platform/declaration/edge";
import type { RouteDeclaration } from "#shared/platform/declaration/types";
import { authorizerContext } from "#shared/platform/http/auth-context";
import { ORIGIN_VERIFIED } from "#shared/platform/http/client-address";
import { logger } from "#shared/platform/logger";

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<Record<string, string>>;

export interface AuthorizeDeps {
  verifier: { verify: (token: string) => Promise<unknown> };
  /** The declared route of a route key (its access; none for a public route); unknown keys are denied. */
  routeOf: (routeKey: string) => Pick<RouteDeclaration, "access"> | undefined;
  /**
   * Whether a verified token is still alive: not revoked (itself, its user's tokens before a time, or
   * its session), its user and tenant not suspended. A failure to find out rejects: our fault, a 500.
   */
  verdict: (facts: TokenFacts) => Promise<SessionVerdict>;
  /**
   * Whether the origin header carries the front door's secret (current or previous value). Absent when
   * the declaration has no front door; then public routes are never asked about and nothing is checked.
   * A secret we cannot read rejects: our fault, a 500.
   */
  origin?: { verify: (header: string | undefined) => Promise<boolean> };
}

const DENY: AuthorizerResult = { isAuthorized: false, context: {} };

/**
 * Whether a verification failure is a fault of ours rather than the token's: keys that cannot be read
 * or are themselves invalid, or a verifier set up wrongly. Such a failure must surface as a 500 that
 * an alarm sees — API Gateway does not cache a 500 the way it caches a deny. Everything else a token
 * can provoke (bad signature, expiry, garbage) is the token's fault: a deny.
 */
function isOurFault(error: unknown): boolean {
  return (
    error instanceof VerificationKeysUnavailableError ||
    error instanceof FetchError ||
    error instanceof JwksValidationError ||
    error instanceof JwkValidationError ||
    error instanceof ParameterValidationError ||
    error instanceof NotSupportedError
  );
}

/**
 * Only CloudFront knows the origin secret, so a request without it came around the front door (and
 * its WAF): denied before anything else, for public and signed-in routes alike. Public routes are
 * asked about only for this (their authorizer's identity source is the origin header alone); a
 * request that passes carries `origin: verified`, which is what lets the kit trust CloudFront's
 * viewer address.
 *
 * Primary course: take the bearer token, verify it (signature, expiry, issuer, audience), read its
 * claims, and decide the part of the route's declared access that depends only on the token and the
 * route — its answer is cached under exactly those. Only then ask whether the token is still alive
 * (revocations, suspensions): the cheapest refusals come first, so a forged or out-of-role token never
 * costs a read. The path tenant is the kit's to decide, per request. Anything about the token that does
 * not verify, or is revoked or suspended, is a deny; a fault of ours (keys, the table) throws.
 */
export async function authorize(
  event: APIGatewayRequestAuthorizerEventV2,
  deps: AuthorizeDeps,
): Promise<AuthorizerResult> {
  if (deps.origin && !(await deps.origin.verify(event.headers?.[EDGE.originHeader]))) {
    logger.info("Request did not come through the front door", { routeKey: event.routeKey });
    return DENY;
  }
  const route = deps.routeOf(event.routeKey);
  if (route && !route.access && deps.origin)
    return { isAuthorized: true, context: { origin: ORIGIN_VERIFIED } };
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
    if (isOurFault(error)) throw error;
    logger.info("Token refused", { reason: error instanceof Error ? error.name : "unknown" });
    return DENY;
  }
  const claims = accessTokenClaims.safeParse(payload);
  if (!claims.success) {
    logger.info("Token claims refused", { issues: claims.error.issues.length });
    return DENY;
  }
  const c = claims.data;
  const session = c.sid ? { sid: c.sid } : {};
  const principal: Principal =
    c.role === "member" || c.role === "admin"
      ? { kind: "tenant", userId: c.sub, role: c.role, jti: c.jti, tenantId: c.tenantId, ...session }
      : { kind: "staff", userId: c.sub, role: c.role, jti: c.jti, ...session };
  const decision = decideRouteAccess(principal, route.access);
  if (!decision.allow) {
    logger.info("Access denied", {
      routeKey: event.routeKey,
      userId: principal.userId,
      reason: decision.reason,
    });
    return DENY;
  }
  // Not caught: a table we cannot read is our fault — a 500 that is not cached, never a deny.
  const verdict = await deps.verdict({
    sub: c.sub,
    jti: c.jti,
    iat: c.iat,
    tenantId: c.tenantId,
    sid: c.sid,
    generations: generationsOf(c),
  });
  if (verdict !== "ok") {
    logger.info("Token no longer honoured", {
      routeKey: event.routeKey,
      userId: principal.userId,
      reason: verdict,
    });
    return DENY;
  }
  return {
    isAuthorized: true,
    context: authorizerContext(principal, deps.origin ? { origin: ORIGIN_VERIFIED } : {}),
  };
}

function bearerToken(header: string | undefined): string | undefined {
  // The scheme is case-insensitive (RFC 9110 §11.1); the token itself is exactly three base64url parts.
  const match = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i.exec(header ?? "");
  return match?.[1];
}
