import type { AccessTokenIssuer } from "#shared/domain/access/ports";
import { newRefreshToken } from "#shared/domain/access/refresh-token";
import { refreshVerdict } from "#shared/domain/access/session-verdict";
import type { RequestOrigin } from "#shared/domain/audit/audit-entry";
import type { AuditLog } from "#shared/domain/audit/ports";
import { UnauthorizedError } from "#shared/domain/errors";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { RefreshTokenReusedError } from "./errors.ts";
import type { AttemptLimiter, Log, SessionRepository, TenantRepository, UserRepository } from "./ports.ts";
import { accountSuspended, publicUser, type SignedIn, tokenSubjectOf } from "./session-start.ts";

/** What a refresh needs. */
export interface RefreshDeps {
  users: Pick<UserRepository, "get">;
  tenants: Pick<TenantRepository, "profile">;
  sessions: Pick<SessionRepository, "refreshToken" | "get" | "rotate" | "revoke">;
  tokens: AccessTokenIssuer;
  /** Refreshes per source IP. */
  limits: { refresh: AttemptLimiter };
  audit: Pick<AuditLog, "record">;
  log: Log;
  now: () => Date;
}

const ended = () => new UnauthorizedError("Your session has ended; sign in again");

/**
 * Refresh. Primary course: within the limit per IP, find the presented token's record, check its
 * session, user and tenant are still good (`refreshVerdict`: a suspended account is told so, as at
 * sign-in; an ended session is a 401), then rotate it — the presented token is spent and a new one
 * handed out. Presenting a spent token means it was stolen or replayed: the whole session is revoked
 * and audited.
 */
export async function refreshSession(
  deps: RefreshDeps,
  input: { token: string | undefined; origin: RequestOrigin },
): Promise<SignedIn> {
  const { token, origin } = input;
  await deps.limits.refresh.enforce(origin.ip);
  if (!token) throw new UnauthorizedError("No refresh token");
  const record = await deps.sessions.refreshToken(token);
  if (!record) throw ended();
  if (record.used) throw await reused(deps, record, origin);
  const [session, user] = await Promise.all([
    deps.sessions.get(record.sessionId),
    deps.users.get(record.userId),
  ]);
  const tenant =
    user?.tenantId === undefined ? undefined : await deps.tenants.profile(parseTenantId(user.tenantId));
  const verdict = refreshVerdict({
    session: session && { status: session.status, generations: session.generations ?? { user: 0 } },
    user,
    ...(user?.tenantId === undefined ? {} : { tenant: tenant ?? "missing" }),
  });
  if (verdict === "suspended") throw accountSuspended();
  if (verdict !== "ok" || !session || !user) throw ended();
  const next = newRefreshToken();
  try {
    await deps.sessions.rotate({ token, ...record }, next);
  } catch (error) {
    // Another refresh spent this token between our read and our write: the same replay, detected late.
    if (error instanceof RefreshTokenReusedError) throw await reused(deps, record, origin);
    throw error;
  }
  const issuedAt = deps.now();
  const access = await deps.tokens.issue(
    tokenSubjectOf(record.userId, user),
    record.sessionId,
    session.generations ?? { user: 0 },
  );
  return {
    body: { accessToken: access.token, expiresAt: access.expiresAt, user: publicUser(record.userId, user) },
    refresh: { token: next, expiresAt: record.expiresAt, issuedAt },
  };
}

/** A spent token came back: end its session, say so in the log and the audit, and answer a 401. */
async function reused(
  deps: RefreshDeps,
  record: { sessionId: string; userId: string },
  origin: RequestOrigin,
): Promise<UnauthorizedError> {
  await deps.sessions.revoke(record.sessionId);
  deps.log.warn("Refresh token reused: session revoked", {
    sessionId: record.sessionId,
    userId: record.userId,
  });
  const user = await deps.users.get(record.userId);
  await deps.audit.record({
    type: "refresh.reused",
    target: { userId: record.userId },
    ...(user?.tenantId ? { tenantId: user.tenantId } : {}),
    ...origin,
    details: { sessionId: record.sessionId },
  });
  return new UnauthorizedError("This refresh token was already used; the session has been ended");
}
