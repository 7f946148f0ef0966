import type { AccessTokenIssuer } from "#shared/adapters/access-tokens";
import type { AuditLog } from "#shared/adapters/dynamodb/audit-log";
import type { IdentityStore } from "#shared/adapters/dynamodb/identity-store";
import type { RateLimiter } from "#shared/adapters/dynamodb/rate-limit";
import type { PublicJwk } from "#shared/adapters/signing-keys";

/** What the auth routes need; built once per cold start in `handler.ts`, passed in so tests can vary it. */
export interface AuthDeps {
  store: IdentityStore;
  tokens: AccessTokenIssuer;
  limits: {
    /** Every sign-in attempt, per source IP and e-mail. */
    loginAttempts: RateLimiter;
    /** Consecutive failed sign-ins per e-mail: the lockout. */
    loginFailures: RateLimiter;
    /** Sign-ups per source IP. */
    register: RateLimiter;
    /** Refreshes per source IP. */
    refresh: RateLimiter;
  };
  verificationKeys: () => Promise<{ keys: PublicJwk[] }>;
  audit: AuditLog;
  now: () => Date;
}

/** Sessions (refresh-token families) end this long after sign-in, however often they are refreshed. */
export const SESSION_TTL_SECONDS = 14 * 24 * 60 * 60;
export { LOCKOUT } from "#shared/domain/identity/lockout";
