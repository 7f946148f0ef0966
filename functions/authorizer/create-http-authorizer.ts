import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import middy from "@middy/core";
import { JwtVerifier } from "aws-jwt-verify";
import type { APIGatewayRequestAuthorizerEventV2 } from "aws-lambda";
import * as z from "zod/mini";
import { SingleTable } from "#shared/adapters/dynamodb/single-table";
import { SecretJwksCache } from "#shared/adapters/jwks-cache";
import { tokenAudience, tokenIssuer } from "#shared/domain/access/access-token";
import { loadConfig } from "#shared/platform/config";
import type { PlatformDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";
import { listRoutes } from "#shared/platform/declaration/validate";
import { logger } from "#shared/platform/logger";
import { type AuthorizerResult, authorize } from "./authorize.ts";

const configSchema = z.object({
  STAGE: z.string().check(z.minLength(1)),
  TABLE_NAME: z.string().check(z.minLength(1)),
  SECRET_ID_SIGNING_KEYS: z.string().check(z.minLength(1)),
});

/**
 * The HTTP API Lambda authorizer (simple responses) for a declaration's routes: verifies the ES256
 * access token against the signing-key secret (issuer and audience pinned to the stage), then
 * enforces the route's declared role and tenant source. Its identity source includes the route key,
 * so a cached answer is never reused for another route.
 */
export function createHttpAuthorizer(declaration: PlatformDeclaration, env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(configSchema, env);
  const routes = new Map<string, RouteDeclaration>(listRoutes(declaration).map((r) => [r.key, r.route]));
  const verifier = JwtVerifier.create(
    {
      issuer: tokenIssuer(config.STAGE),
      audience: tokenAudience(config.STAGE),
      jwksUri: `secretsmanager:${config.SECRET_ID_SIGNING_KEYS}`,
    },
    {
      jwksCache: new SecretJwksCache({
        client: new SecretsManagerClient({}),
        secretId: config.SECRET_ID_SIGNING_KEYS,
      }),
    },
  );
  const table = new SingleTable({ client: new DynamoDBClient({}), tableName: config.TABLE_NAME });

  return middy<APIGatewayRequestAuthorizerEventV2, AuthorizerResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event) =>
      authorize(event, {
        verifier,
        routeOf: (key) => routes.get(key),
        isAssigned: async (reviewerId, tenantId) =>
          (await table.platform().get("ASSIGNMENT", `${reviewerId}:${tenantId}`, { consistent: true })) !==
          undefined,
      }),
    );
}
