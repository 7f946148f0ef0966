import type { SignedIn } from "#shared/domain/identity/session-start";

/** The refresh token's cookie: opaque, HttpOnly, Secure, SameSite=Strict, sent only to the refresh path. */
export const REFRESH_COOKIE = "lm_refresh";
export const REFRESH_PATH = "/api/auth/v1/refresh";
/** The custom header a refresh must carry: a cross-site form cannot set it (CSRF). */
export const CSRF_HEADER = { name: "x-requested-with", value: "leadmetrics" } as const;

export function refreshCookie(token: string, expiresAt: number, now: Date): string {
  const maxAge = Math.max(0, expiresAt - Math.floor(now.getTime() / 1000));
  return `${REFRESH_COOKIE}=${token}; Max-Age=${maxAge}; Path=${REFRESH_PATH}; HttpOnly; Secure; SameSite=Strict`;
}

/** The cookie that hands a session's refresh token to the client. */
export function sessionCookie(session: Pick<SignedIn, "refresh">): string {
  return refreshCookie(session.refresh.token, session.refresh.expiresAt, session.refresh.issuedAt);
}

export function clearedRefreshCookie(): string {
  return `${REFRESH_COOKIE}=; Max-Age=0; Path=${REFRESH_PATH}; HttpOnly; Secure; SameSite=Strict`;
}

/** The refresh token among the request's cookies (`name=value` strings, as API Gateway passes them). */
export function refreshTokenFrom(cookies: readonly string[]): string | undefined {
  for (const cookie of cookies) {
    const [name, ...rest] = cookie.split("=");
    if (name?.trim() === REFRESH_COOKIE) {
      const value = rest.join("=").trim();
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}
