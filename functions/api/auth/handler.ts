import { randomBytes } from "node:crypto";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import * as z from "zod/mini";
import { createAccessTokenIssuer } from "#shared/adapters/access-tokens";
import { createAuditLog } from "#shared/adapters/dynamodb/audit-log";
import { createIdentityStore } from "#shared/adapters/dynamodb/identity-store";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createRateLimiter } from "#shared/adapters/dynamodb/rate-limit";
import { readVerificationKeys } from "#shared/adapters/signing-keys";
import { authApi } from "#shared/contracts/auth.routes";
import { LOGIN_FAILURES_LIMITER } from "#shared/domain/identity/lockout";
import { loadConfig } from "#shared/platform/config";
import { createApiHandler } from "#shared/platform/http/api-handler";
import type { AuthDeps } from "./deps.ts";
import { loginRoute } from "./login.route.ts";
import { logoutAllRoute, logoutRoute } from "./logout.route.ts";
import { jwksRoute, meRoute } from "./me.route.ts";
import { passwordRoute } from "./password.route.ts";
import { refreshRoute } from "./refresh.route.ts";
import { registerRoute } from "./register.route.ts";

const config = loadConfig(
  z.object({
    STAGE: z.string().check(z.minLength(1)),
    SECRET_ID_SIGNING_KEYS: z.string().check(z.minLength(1)),
    SECRET_ID_VERIFICATION_KEYS: z.string().check(z.minLength(1)),
  }),
);

const secrets = new SecretsManagerClient({});
// The cursor key is random per instance: the only listing here (a user's sessions, on a password
// change) pages internally and never hands a cursor out.
const table = openTable({ cursorKey: randomBytes(32) });
const deps: AuthDeps = {
  store: createIdentityStore(table),
  tokens: createAccessTokenIssuer({
    client: secrets,
    signingKeysSecretId: config.SECRET_ID_SIGNING_KEYS,
    stage: config.STAGE,
  }),
  limits: {
    loginAttempts: createRateLimiter(table, { name: "login-attempts", limit: 20, windowSeconds: 15 * 60 }),
    loginFailures: createRateLimiter(table, LOGIN_FAILURES_LIMITER),
    register: createRateLimiter(table, { name: "register", limit: 10, windowSeconds: 60 * 60 }),
    refresh: createRateLimiter(table, { name: "refresh", limit: 60, windowSeconds: 60 }),
  },
  verificationKeys: () => readVerificationKeys(secrets, config.SECRET_ID_VERIFICATION_KEYS),
  audit: createAuditLog(table),
  now: () => new Date(),
};

export const handler = createApiHandler(
  authApi,
  {
    register: registerRoute(deps),
    login: loginRoute(deps),
    refresh: refreshRoute(deps),
    logout: logoutRoute(deps),
    logoutAll: logoutAllRoute(deps),
    password: passwordRoute(deps),
    me: meRoute(deps),
    jwks: jwksRoute(deps),
  },
  { stage: config.STAGE },
);
