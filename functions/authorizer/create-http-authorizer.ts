import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { JwtVerifier } from "aws-jwt-verify/jwt-verifier";
import type { APIGatewayRequestAuthorizerEventV2 } from "aws-lambda";
import { createSessionsRepository } from "#shared/adapters/dynamodb/identity/sessions-repository";
import { openTable } from "#shared/adapters/dynamodb/open-table";
import { SecretJwksCache } from "#shared/adapters/jwks-cache";
import { OriginSecretCache } from "#shared/adapters/origin-secret-cache";
import { extensionSecretReader } from "#shared/adapters/secret-store";
import { tokenAudience, tokenIssuer } from "#shared/domain/access/access-token";
import { accessTokenVerdict } from "#shared/domain/access/session-verdict";
import { loadBindings } from "#shared/platform/bindings";
import { ConfigError } from "#shared/platform/config";
import type { HttpAuthorizerSetup } from "#shared/platform/declaration/authorizer-setup";
import { EDGE } from "#shared/platform/declaration/edge";
import { logger } from "#shared/platform/logger";
import { traceInvocation } from "#shared/platform/tracing/invocation-middleware";
import { type AuthorizerResult, authorize } from "./authorize.ts";

/**
 * The HTTP API Lambda authorizer (simple responses) for a declaration's routes (as
 * `httpAuthorizerSetupOf` gives them): verifies the ES256 access token against the public verification keys (it cannot read the private signing keys; issuer
 * and audience pinned to the stage), enforces the route's declared role, and then reads the table
 * (its `table: "read"` binding) for revocations and suspensions. Its identity source includes the
 * route key, so a cached answer is never reused for another route; the path tenant, which the route
 * key does not capture, is checked per request by the handler kit. A cached allow outlives a
 * revocation by at most the declared cache TTL. When the declaration has a front door (it declares
 * the origin secret), every request must also carry CloudFront's origin header.
 */
export async function createHttpAuthorizer(setup: HttpAuthorizerSetup, env: NodeJS.ProcessEnv = process.env) {
  const bound = loadBindings(setup.bindings, env);
  if (bound.tableName === undefined) throw new ConfigError("The authorizer must be bound to the table");
  const verificationKeys = bound.secretId("verification-keys");
  // Through the Lambda extension, on the first decision: no Secrets Manager client in this bundle.
  const secrets = extensionSecretReader();
  const origin = setup.frontDoor
    ? new OriginSecretCache({ read: secrets, secretId: bound.secretId(EDGE.originSecret) })
    : undefined;
  const routes = new Map(Object.entries(setup.routes));
  const verifier = JwtVerifier.create(
    {
      issuer: tokenIssuer(bound.stage),
      audience: tokenAudience(bound.stage),
      jwksUri: `secretsmanager:${verificationKeys}`,
    },
    {
      jwksCache: new SecretJwksCache({
        read: secrets,
        secretId: verificationKeys,
      }),
    },
  );
  const sessions = createSessionsRepository(await openTable({ ...bound, tableName: bound.tableName }));

  return middy<APIGatewayRequestAuthorizerEventV2, AuthorizerResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(traceInvocation())
    .handler((event) =>
      authorize(event, {
        verifier,
        routeOf: (key) => routes.get(key),
        verdict: async (facts) => accessTokenVerdict(await sessions.standing(facts)),
        ...(origin ? { origin } : {}),
      }),
    );
}
