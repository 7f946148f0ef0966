import type { PublicJwk } from "#shared/adapters/signing-keys";
import type { AccessTokenIssuer } from "#shared/domain/access/ports";
import type { AuditLog } from "#shared/domain/audit/ports";
import type {
  AttemptLimiter,
  Log,
  SessionRepository,
  TenantRepository,
  UserRepository,
} from "#shared/domain/identity/ports";

/** What the auth routes need; built once per cold start in `handler.ts`, passed in so tests can vary it. */
export interface AuthDeps {
  users: UserRepository;
  tenants: TenantRepository;
  sessions: SessionRepository;
  tokens: AccessTokenIssuer;
  limits: {
    /** Every sign-in attempt, per source IP and e-mail. */
    loginAttempts: AttemptLimiter;
    /** Consecutive failed sign-ins per e-mail: the lockout. */
    loginFailures: AttemptLimiter;
    /** Sign-ups per source IP. */
    register: AttemptLimiter;
    /** Refreshes per source IP. */
    refresh: AttemptLimiter;
  };
  verificationKeys: () => Promise<{ keys: PublicJwk[] }>;
  audit: AuditLog;
  log: Log;
  now: () => Date;
  /** Credits every signed-up tenant starts with (the stage's `starterCredits`). */
  starterCredits: number;
  /** How long an access token lives (the stage's `accessTokenTtlSeconds`). */
  accessTokenTtlSeconds: number;
}
