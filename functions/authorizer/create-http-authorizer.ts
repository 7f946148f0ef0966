import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import middy from "@middy/core";
import { JwtVerifier } from "aws-jwt-verify";
import type { APIGatewayRequestAuthorizerEventV2 } from "aws-lambda";
import * as z from "zod/mini";
import { createIdentityStore } from "#shared/adapters/dynamodb/identity-store";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { SecretJwksCache } from "#shared/adapters/jwks-cache";
import { OriginSecretCache } from "#shared/adapters/origin-secret-cache";
import { tokenAudience, tokenIssuer } from "#shared/domain/access/access-token";
import { loadConfig } from "#shared/platform/config";
import { EDGE } from "#shared/platform/declaration/edge";
import type { PlatformDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";
import { listRoutes } from "#shared/platform/declaration/validate";
import { logger } from "#shared/platform/logger";
import { type AuthorizerResult, authorize } from "./authorize.ts";

const configSchema = z.object({
  STAGE: z.string().check(z.minLength(1)),
  SECRET_ID_VERIFICATION_KEYS: z.string().check(z.minLength(1)),
});

/** `envNames.secretId(EDGE.originSecret)`: read only when the declaration has a front door. */
const originConfigSchema = z.object({ SECRET_ID_ORIGIN_VERIFY: z.string().check(z.minLength(1)) });

/**
 * The HTTP API Lambda authorizer (simple responses) for a declaration's routes: verifies the ES256
 * access token against the public verification keys (it cannot read the private signing keys; issuer
 * and audience pinned to the stage), enforces the route's declared role, and then reads the table
 * (its `table: "read"` binding) for revocations and suspensions. Its identity source includes the
 * route key, so a cached answer is never reused for another route; the path tenant, which the route
 * key does not capture, is checked per request by the handler kit. A cached allow outlives a
 * revocation by at most the declared cache TTL. When the declaration has a front door (it declares
 * the origin secret), every request must also carry CloudFront's origin header.
 */
export function createHttpAuthorizer(declaration: PlatformDeclaration, env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(configSchema, env);
  const secrets = new SecretsManagerClient({});
  const hasFrontDoor = declaration.secrets.some((s) => s.name === EDGE.originSecret);
  const origin = hasFrontDoor
    ? new OriginSecretCache({
        client: secrets,
        secretId: loadConfig(originConfigSchema, env).SECRET_ID_ORIGIN_VERIFY,
      })
    : undefined;
  const routes = new Map<string, RouteDeclaration>(listRoutes(declaration).map((r) => [r.key, r.route]));
  const verifier = JwtVerifier.create(
    {
      issuer: tokenIssuer(config.STAGE),
      audience: tokenAudience(config.STAGE),
      jwksUri: `secretsmanager:${config.SECRET_ID_VERIFICATION_KEYS}`,
    },
    {
      jwksCache: new SecretJwksCache({
        client: secrets,
        secretId: config.SECRET_ID_VERIFICATION_KEYS,
      }),
    },
  );
  const store = createIdentityStore(openTable({ env }));

  return middy<APIGatewayRequestAuthorizerEventV2, AuthorizerResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event) =>
      authorize(event, {
        verifier,
        routeOf: (key) => routes.get(key),
        verdict: (facts) => store.verdict(facts),
        ...(origin ? { origin } : {}),
      }),
    );
}
