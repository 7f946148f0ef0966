import { createAccessTokenIssuer } from "#shared/adapters/access-tokens";
import { createAuditLog } from "#shared/adapters/dynamodb/audit-log";
import { createSessionsRepository } from "#shared/adapters/dynamodb/identity/sessions-repository";
import { createTenantsRepository } from "#shared/adapters/dynamodb/identity/tenants-repository";
import { createUsersRepository } from "#shared/adapters/dynamodb/identity/users-repository";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createRateLimiter } from "#shared/adapters/dynamodb/rate-limit";
import { extensionSecretReader } from "#shared/adapters/secret-store";
import { readVerificationKeys } from "#shared/adapters/signing-keys";
import { authApi } from "#shared/contracts/auth.routes";
import { LOGIN_FAILURES_LIMITER } from "#shared/domain/identity/lockout";
import { loadBindings } from "#shared/platform/bindings";
import { createApiHandler } from "#shared/platform/http/api-handler";
import { logger } from "#shared/platform/logger";
import type { AuthDeps } from "./deps.ts";
import { loginRoute } from "./login.route.ts";
import { logoutAllRoute, logoutRoute } from "./logout.route.ts";
import { jwksRoute, meRoute } from "./me.route.ts";
import { passwordRoute } from "./password.route.ts";
import { refreshRoute } from "./refresh.route.ts";
import { registerRoute } from "./register.route.ts";

const bound = loadBindings(authApi.bindings);
// Keys are read through the Lambda extension on first use (the first token signed, the first JWKS).
const secrets = extensionSecretReader();
// Not bound to the cursor key: the only listing here (a user's sessions, on a password change) pages
// internally and never hands a cursor out.
const table = await openTable(bound);
const deps: AuthDeps = {
  users: createUsersRepository(table),
  tenants: createTenantsRepository(table),
  sessions: createSessionsRepository(table),
  tokens: createAccessTokenIssuer({
    read: secrets,
    signingKeysSecretId: bound.secretId("signing-keys"),
    stage: bound.stage,
    ttlSeconds: bound.accessTokenTtlSeconds,
  }),
  limits: {
    loginAttempts: createRateLimiter(table, { name: "login-attempts", limit: 20, windowSeconds: 15 * 60 }),
    loginFailures: createRateLimiter(table, LOGIN_FAILURES_LIMITER),
    register: createRateLimiter(table, { name: "register", limit: 10, windowSeconds: 60 * 60 }),
    refresh: createRateLimiter(table, { name: "refresh", limit: 60, windowSeconds: 60 }),
  },
  verificationKeys: () => readVerificationKeys(secrets, bound.secretId("verification-keys")),
  audit: createAuditLog(table),
  log: logger,
  now: () => new Date(),
  starterCredits: bound.starterCredits,
  accessTokenTtlSeconds: bound.accessTokenTtlSeconds,
};

export const handler = createApiHandler(authApi, {
  register: registerRoute(deps),
  login: loginRoute(deps),
  refresh: refreshRoute(deps),
  logout: logoutRoute(deps),
  logoutAll: logoutAllRoute(deps),
  password: passwordRoute(deps),
  me: meRoute(deps),
  jwks: jwksRoute(deps),
});
