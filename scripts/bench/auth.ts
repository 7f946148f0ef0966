/**
 * `npm run bench:auth`: what authentication costs, in process and without a network.
 *
 * 1. The authorizer's `authorize()` with a real `JwtVerifier` whose JWKS is already loaded (a
 *    `SimpleJwksCache` fed once, as in `functions/authorizer/authorize.test.ts`):
 *    (a) with a verdict that answers "ok" at once — the decision excluding the revocation lookup;
 *    (b) with the real identity store against a DynamoDB Local this script starts — including it.
 * 2. `jwtVerifier.verify` alone, and, as the same-run reference, one `crypto.verify` of an ES256
 *    signature (what verification cannot go below).
 * 3. Sign-in's password cost: `hashPassword` and `verifyPassword` (scrypt) p50 beside its parameters.
 *
 * Target: a decision excluding the lookup ≤ 0.3 ms p50. The command exits non-zero when it is over.
 * `BENCH_ITERATIONS` (default 5000) and `BENCH_LOOKUP_ITERATIONS` (default 1000) change the counts.
 */
import { createPublicKey, verify as cryptoVerify } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { JwtVerifier } from "aws-jwt-verify";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import type { APIGatewayRequestAuthorizerEventV2 } from "aws-lambda";
import { type AuthorizeDeps, authorize } from "#functions/authorizer/authorize";
import { ensureTable, startDynamoDbLocal } from "#scripts/local/dynamodb";
import { consoleLog } from "#scripts/local/log";
import { freePort } from "#scripts/local/net";
import { createIdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { publicJwks } from "#shared/adapters/signing-keys";
import { generateSigningKey } from "#shared/adapters/signing-keys-generate";
import { signJwt } from "#shared/adapters/token-signer";
import { platform } from "#shared/contracts/platform";
import { tokenAudience, tokenIssuer } from "#shared/domain/access/access-token";
import { newRefreshToken } from "#shared/domain/access/refresh-token";
import { accessTokenVerdict } from "#shared/domain/access/session-verdict";
import {
  hashPassword,
  SCRYPT_MAX_MEMORY,
  SCRYPT_PARAMS,
  verifyPassword,
} from "#shared/domain/identity/password";
import type { RouteDeclaration } from "#shared/platform/declaration/types";
import { listRoutes } from "#shared/platform/declaration/validate";
import { httpEvent } from "#shared/platform/http/testing/events";
import { ms, percentile } from "./stats.ts";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 5000);
const LOOKUP_ITERATIONS = Number(process.env.BENCH_LOOKUP_ITERATIONS ?? 1000);
const PASSWORD_RUNS = 20;
const TARGET_P50_MS = 0.3;
const STAGE = "bench";
/** A member route whose tenant comes from the token: the authorizer's full path, claims included. */
const ROUTE_KEY = "GET /api/tenant/v1/users";
/** Distinct tokens, cycled, so nothing can answer from a cache of one token. */
const TOKENS = 64;

interface Stats {
  iterations: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** Runs `fn` `warmup` times unmeasured, then `iterations` times one after another, timing each. */
async function measure(iterations: number, fn: (i: number) => unknown, warmup = 200): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  const total = performance.now() - started;
  samples.sort((a, b) => a - b);
  return {
    iterations,
    perSecond: (iterations / total) * 1000,
    p50: percentile(samples, 0.5),
    p99: percentile(samples, 0.99),
  };
}

function authorizerEvent(bearer: string): APIGatewayRequestAuthorizerEventV2 {
  const { requestContext, rawPath, rawQueryString } = httpEvent({ routeKey: ROUTE_KEY });
  const authorization = `Bearer ${bearer}`;
  return {
    version: "2.0",
    type: "REQUEST",
    routeArn: "arn:aws:execute-api:us-east-1:000000000000:bench/$default/GET/api/tenant/v1/users",
    identitySource: [authorization, ROUTE_KEY],
    routeKey: ROUTE_KEY,
    rawPath,
    rawQueryString,
    cookies: [],
    headers: { authorization },
    queryStringParameters: {},
    requestContext,
    pathParameters: {},
    stageVariables: {},
  };
}

async function main(): Promise<void> {
  // The SDK's notice about Node 20 would land in the middle of the table.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const keys = { keys: [generateSigningKey()] };
  const published = new TextEncoder().encode(JSON.stringify(publicJwks(keys)));
  const verifier = JwtVerifier.create(
    { issuer: tokenIssuer(STAGE), audience: tokenAudience(STAGE), jwksUri: "secretsmanager:bench" },
    { jwksCache: new SimpleJwksCache({ fetcher: { fetch: async () => published.slice().buffer } }) },
  );
  const routes = new Map<string, RouteDeclaration>(listRoutes(platform).map((r) => [r.key, r.route]));
  if (!routes.get(ROUTE_KEY)?.access) throw new Error(`${ROUTE_KEY} is not a guarded route any more`);
  const routeOf: AuthorizeDeps["routeOf"] = (key) => routes.get(key);

  const now = Math.floor(Date.now() / 1000);
  const mint = (sub: string, tenantId: string, sid: string | undefined, i: number) =>
    signJwt(keys, {
      iss: tokenIssuer(STAGE),
      aud: tokenAudience(STAGE),
      sub,
      role: "member",
      tenantId,
      jti: `bench-${i}`,
      ...(sid ? { sid } : {}),
      iat: now,
      exp: now + 3600,
    });

  // Warm the JWKS once: every measured verification finds the key in the cache.
  const plain = Array.from({ length: TOKENS }, (_, i) => mint("user-1", "tenant-1", undefined, i));
  await verifier.verify(plain[0] ?? "");
  const plainEvents = plain.map(authorizerEvent);

  const mustAllow = async (event: APIGatewayRequestAuthorizerEventV2, deps: AuthorizeDeps) => {
    const result = await authorize(event, deps);
    if (!result.isAuthorized)
      throw new Error("the benchmark's token was denied: the figures would be a deny's");
  };

  // Reference: one ES256 signature check with node:crypto, the floor under any JWT library.
  const [head = "", payload = "", signature = ""] = (plain[0] ?? "").split(".");
  const publicKey = createPublicKey({ key: { ...publicJwks(keys).keys[0] }, format: "jwk" });
  const signed = Buffer.from(`${head}.${payload}`);
  const sig = Buffer.from(signature, "base64url");
  const reference = await measure(ITERATIONS, () => {
    if (!cryptoVerify("sha256", signed, { key: publicKey, dsaEncoding: "ieee-p1363" }, sig)) {
      throw new Error("the reference signature did not verify");
    }
  });
  const verifyOnly = await measure(ITERATIONS, (i) => verifier.verify(plain[i % TOKENS] ?? ""));
  const withoutLookup = await measure(ITERATIONS, (i) =>
    mustAllow(plainEvents[i % TOKENS] as APIGatewayRequestAuthorizerEventV2, {
      verifier,
      routeOf,
      verdict: async () => "ok",
    }),
  );

  // (b) The real store on DynamoDB Local: one BatchGetItem per decision (jti, user, session, tenant).
  const log = consoleLog("warn");
  const region = "us-east-1";
  const credentials = { accessKeyId: "bench", secretAccessKey: "bench" };
  const dynamo = await startDynamoDbLocal({
    port: await freePort(),
    dataDir: undefined,
    clientConfig: { region, credentials },
    log,
  });
  let withLookup: Stats;
  const client = new DynamoDBClient({ region, credentials, endpoint: dynamo.url });
  try {
    await ensureTable(client, "bench", platform.table, log);
    const store = createIdentityRepositories(new SingleTable({ client, tableName: "bench" }));
    const { tenantId, userId } = await store.tenants.register({
      tenantName: "Bench",
      name: "Bench",
      email: "bench@example.com",
      passwordHash: "x",
    });
    const sid = await store.sessions.start(userId, newRefreshToken(), now + 3600, { user: 0, tenant: 0 });
    const events = Array.from({ length: TOKENS }, (_, i) => authorizerEvent(mint(userId, tenantId, sid, i)));
    withLookup = await measure(
      LOOKUP_ITERATIONS,
      (i) =>
        mustAllow(events[i % TOKENS] as APIGatewayRequestAuthorizerEventV2, {
          verifier,
          routeOf,
          verdict: async (facts) => accessTokenVerdict(await store.sessions.standing(facts)),
        }),
      50,
    );
  } finally {
    client.destroy();
    await dynamo.stop();
  }

  // Sign-in: scrypt, one at a time (the lockout and rate limits keep a login from doing more).
  const password = "correct horse battery staple";
  const encoded = await hashPassword(password);
  const hashing = await measure(PASSWORD_RUNS, () => hashPassword(password), 2);
  const verifying = await measure(
    PASSWORD_RUNS,
    async () => {
      if (!(await verifyPassword(password, encoded))) throw new Error("the password did not verify");
    },
    2,
  );
  const { N, r, p } = SCRYPT_PARAMS;
  // The bytes OpenSSL's scrypt allocates for these parameters, as password.ts compares with maxmem.
  const memoryMiB = (128 * r * (N + 2) + 128 * r * p) / 2 ** 20;
  const scrypt = `scrypt N=2^${Math.log2(N)}, r=${r}, p=${p}, ${memoryMiB.toFixed(0)} MiB (maxmem ${SCRYPT_MAX_MEMORY / 2 ** 20} MiB)`;

  const row = (name: string, s: Stats, note = "") =>
    `| ${name} | ${s.iterations} | ${Math.round(s.perSecond).toLocaleString("en-US")} | ${ms(s.p50)} | ${ms(s.p99)} | ${note} |`;
  const verdict = withoutLookup.p50 <= TARGET_P50_MS ? "ok" : "OVER";
  console.log(`Auth: in process, sequential, after warm-up (node ${process.version}, ${process.arch})`);
  console.log("");
  console.log("| measurement | iterations | per second | p50 | p99 | note |");
  console.log("|---|---:|---:|---:|---:|---|");
  console.log(row("ref: crypto.verify, one ES256 signature", reference));
  console.log(row("jwtVerifier.verify alone (JWKS warm)", verifyOnly));
  console.log(
    row(
      "authorize(), excluding the revocation lookup",
      withoutLookup,
      `target p50 ≤ ${TARGET_P50_MS} ms: ${verdict}`,
    ),
  );
  console.log(
    row("authorize(), including the lookup (DynamoDB Local)", withLookup, "1 BatchGetItem of 4 keys"),
  );
  console.log(row("hashPassword (sign-up)", hashing, scrypt));
  console.log(row("verifyPassword (sign-in)", verifying, scrypt));
  if (verdict === "OVER") {
    console.error(`\nOver target: authorize() without the lookup p50 ${ms(withoutLookup.p50)}.`);
    process.exitCode = 1;
  }
}

await main();
