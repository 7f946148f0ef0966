import { randomBytes } from "node:crypto";

/** Sessions (refresh-token families) end this long after sign-in, however often they are refreshed. */
export const SESSION_TTL_SECONDS = 14 * 24 * 60 * 60;

/**
 * A new refresh token: opaque and random (32 bytes, base64url). Repositories store only a digest of it,
 * so the token itself exists only in the client's cookie.
 */
export function newRefreshToken(): string {
  return randomBytes(32).toString("base64url");
}
