import { newRefreshToken } from "#shared/adapters/dynamodb/identity-store";
import type { authRoutes } from "#shared/contracts/auth.routes";
import { refreshVerdict } from "#shared/domain/access/session-verdict";
import { ForbiddenError, UnauthorizedError } from "#shared/domain/errors";
import { RefreshTokenReusedError } from "#shared/domain/identity/errors";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import { logger } from "#shared/platform/logger";
import type { AuthDeps } from "./deps.ts";
import { CSRF_HEADER, refreshCookie, refreshTokenFrom } from "./refresh-cookie.ts";
import { accountSuspended, principalOf, publicUser } from "./session.ts";

const EXPIRED = () => new UnauthorizedError("Your session has ended; sign in again");

/**
 * Primary course: with the CSRF header and the refresh cookie, find the token's record, check its
 * session, user and tenant are still good (`refreshVerdict`: a suspended account is told so, as at
 * sign-in; an ended session is a 401), then rotate it — the presented token is spent and a new one set.
 * Presenting a spent token means it was stolen or replayed: the whole session is revoked and audited.
 */
export function refreshRoute(deps: AuthDeps): RouteHandler<typeof authRoutes.refresh> {
  return async ({ headers, cookies, sourceIp, requestId }) => {
    const reused = async (record: { sessionId: string; userId: string }) => {
      await deps.store.revokeSession(record.sessionId);
      logger.warn("Refresh token reused: session revoked", {
        sessionId: record.sessionId,
        userId: record.userId,
      });
      const user = await deps.store.user(record.userId);
      await deps.audit.record({
        type: "refresh.reused",
        target: { userId: record.userId },
        ...(user?.tenantId ? { tenantId: user.tenantId } : {}),
        ip: sourceIp,
        correlationId: requestId,
        details: { sessionId: record.sessionId },
      });
      return new UnauthorizedError("This refresh token was already used; the session has been ended");
    };

    if (headers[CSRF_HEADER.name] !== CSRF_HEADER.value) {
      throw new ForbiddenError(`A refresh needs the ${CSRF_HEADER.name} header`);
    }
    await deps.limits.refresh.enforce(sourceIp);
    const token = refreshTokenFrom(cookies);
    if (!token) throw new UnauthorizedError("No refresh token");
    const record = await deps.store.refreshToken(token);
    if (!record) throw EXPIRED();
    if (record.used) throw await reused(record);
    const [session, user] = await Promise.all([
      deps.store.session(record.sessionId),
      deps.store.user(record.userId),
    ]);
    const tenant =
      user?.tenantId === undefined ? undefined : await deps.store.tenantProfile(parseTenantId(user.tenantId));
    const verdict = refreshVerdict({
      session: session && { status: session.status, generations: session.generations ?? { user: 0 } },
      user,
      ...(user?.tenantId === undefined ? {} : { tenant: tenant ?? "missing" }),
    });
    if (verdict === "suspended") throw accountSuspended();
    if (verdict !== "ok" || !session || !user) throw EXPIRED();
    const next = newRefreshToken();
    try {
      await deps.store.rotateRefreshToken({ token, ...record }, next);
    } catch (error) {
      // Another refresh spent this token between our read and our write: the same replay, detected late.
      if (error instanceof RefreshTokenReusedError) throw await reused(record);
      throw error;
    }
    const access = await deps.tokens.issue(
      principalOf(record.userId, user),
      record.sessionId,
      session.generations ?? { user: 0 },
    );
    return ok(
      { accessToken: access.token, expiresAt: access.expiresAt, user: publicUser(record.userId, user) },
      { cookies: [refreshCookie(next, record.expiresAt, deps.now())] },
    );
  };
}
