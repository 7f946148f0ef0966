/**
 * Revocations and suspensions, end to end: the real authorizer reads the identity items on the local
 * table after a real ES256 token verifies. Three clouds over the kit fixture: the declared 30 s cache
 * (a new token is judged at once, a cached allow is not), no cache (every request is judged), and a
 * 2 s cache (a cached allow outlives a revocation by the TTL, and no longer).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import {
  createIdentityRepositories,
  type IdentityRepositories,
} from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { sdkSecretReader } from "#shared/adapters/sdk-secret-reader";
import { readSigningKeys, type SigningKeySet } from "#shared/adapters/signing-keys";
import { signJwt } from "#shared/adapters/token-signer";
import { tokenAudience, tokenIssuer } from "#shared/domain/access/access-token";
import { newRefreshToken } from "#shared/domain/access/refresh-token";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { KIT_PUBLIC_ROUTES, kitDeclaration } from "./kit/declaration.ts";
import { clientConfig } from "./support.ts";

const NOTES = "/api/tenant/v1/notes";
const now = () => Math.floor(Date.now() / 1000);

/** One local cloud with what a test needs: its identity store and a way to mint and present tokens. */
interface World {
  cloud: LocalCloud;
  store: IdentityRepositories;
  table: SingleTable;
  keys: SigningKeySet;
  dynamodb: DynamoDBClient;
}

async function startWorld(authorizerCacheTtlSeconds?: number): Promise<World> {
  const cloud = await startLocalCloud({
    declaration: kitDeclaration,
    publicRoutes: KIT_PUBLIC_ROUTES,
    log: consoleLog("error"),
    functionLogLevel: "ERROR",
    ...(authorizerCacheTtlSeconds === undefined ? {} : { authorizerCacheTtlSeconds }),
  });

  const secrets = new SecretsManagerClient(clientConfig(cloud, cloud.urls.secretsManager));
  const keys = await readSigningKeys(sdkSecretReader(secrets), cloud.locator.secretId("signing-keys"));
  secrets.destroy();
  const dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  const table = new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName });
  return { cloud, store: createIdentityRepositories(table), table, keys, dynamodb };
}

async function stopWorld(world: World | undefined) {
  world?.dynamodb.destroy();
  await world?.cloud.stop();
}

const TENANT = "tenant-r";

/** A tenant profile, created once per cloud; its status is what a test may change. */
async function seedTenant(world: World, tenantId: string) {
  await world.table
    .forTenant(parseTenantId(tenantId))
    .create("PROFILE", "tenant", { name: "R", status: "active" });
}

/** A fresh active member of `tenantId`, with an id no other test uses. */
async function seedUser(
  world: World,
  tenantId = TENANT,
  userId = `user-${crypto.randomUUID()}`,
): Promise<string> {
  await world.table.platform().create("USER", userId, {
    email: `${userId}@example.com`,
    name: "R",
    role: "member",
    tenantId,
    passwordHash: "x",
    status: "active",
  });
  return userId;
}

async function updateUser(
  world: World,
  userId: string,
  changes: { status?: "suspended"; sessionGeneration?: number },
) {
  const user = await world.store.users.get(userId);
  if (!user) throw new Error(`no user ${userId}`);
  await world.store.users.update(userId, changes, user.version);
}

interface Token {
  jti: string;
  exp: number;
  bearer: string;
}

/** A real access token for a member of `tenantId`, with a jti no other test uses. */
function mint(world: World, sub: string, claims: Record<string, unknown> = {}, tenantId = TENANT): Token {
  const jti = crypto.randomUUID();
  const exp = now() + 900;
  const token = signJwt(world.keys, {
    iss: tokenIssuer(world.cloud.stage),
    aud: tokenAudience(world.cloud.stage),
    sub,
    role: "member",
    tenantId,
    iat: now(),
    exp,
    jti,
    ...claims,
  });
  return { jti, exp, bearer: `Bearer ${token}` };
}

async function listNotes(world: World, token: Token) {
  const response = await fetch(`${world.cloud.urls.api}${NOTES}`, {
    headers: { authorization: token.bearer },
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}
const statusOf = async (world: World, token: Token) => (await listNotes(world, token)).status;

let declared: World | undefined;
let uncached: World | undefined;
let shortCache: World | undefined;

beforeAll(async () => {
  [declared, uncached, shortCache] = await Promise.all([startWorld(), startWorld(0), startWorld(2)]);
  await Promise.all([declared, uncached, shortCache].map((w) => seedTenant(w, TENANT)));
});

afterAll(async () => {
  await Promise.all([stopWorld(declared), stopWorld(uncached), stopWorld(shortCache)]);
});

function world(w: World | undefined): World {
  if (!w) throw new Error("the local cloud did not start");
  return w;
}

describe("with no authorizer cache, a revocation or suspension refuses the very next request", () => {
  it("serves a valid token of an active user in an active tenant", async () => {
    const w = world(uncached);
    const userId = await seedUser(w);
    expect(await statusOf(w, mint(w, userId))).toBe(200);
  });

  it("refuses a token once its jti is revoked, with API Gateway's 403, and keeps serving the user's other tokens", async () => {
    const w = world(uncached);
    const userId = await seedUser(w);
    const token = mint(w, userId);
    const other = mint(w, userId);
    expect(await statusOf(w, token)).toBe(200);
    await w.store.sessions.revokeAccessToken(token.jti, token.exp);
    expect(await listNotes(w, token)).toEqual({ status: 403, json: { message: "Forbidden" } });
    expect(await statusOf(w, other)).toBe(200);
  });

  it("refuses tokens of an earlier session generation and serves one of the current generation", async () => {
    const w = world(uncached);
    const userId = await seedUser(w);
    const before = mint(w, userId);
    expect(await statusOf(w, before)).toBe(200);
    await w.store.users.endAllSessions(userId);
    expect(await statusOf(w, before)).toBe(403);
    // Whatever the clock says: the same second, the same iat.
    expect(await statusOf(w, mint(w, userId, { iat: now(), gen: 1 }))).toBe(200);
  });

  it("refuses a tenant user's token of an earlier tenant generation", async () => {
    const w = world(uncached);
    const tenantId = `tenant-g-${crypto.randomUUID()}`;
    await seedTenant(w, tenantId);
    const userId = await seedUser(w, tenantId);
    const profile = await w.table.forTenant(parseTenantId(tenantId)).get("PROFILE", "tenant");
    if (!profile) throw new Error("no tenant profile");
    await w.table
      .forTenant(parseTenantId(tenantId))
      .update("PROFILE", "tenant", { sessionGeneration: 2 }, { expectedVersion: profile.version });
    expect(await statusOf(w, mint(w, userId, { tgen: 1 }, tenantId))).toBe(403);
    expect(await statusOf(w, mint(w, userId, { tgen: 2 }, tenantId))).toBe(200);
  });

  it("refuses a suspended user's token", async () => {
    const w = world(uncached);
    const userId = await seedUser(w);
    const token = mint(w, userId);
    expect(await statusOf(w, token)).toBe(200);
    await updateUser(w, userId, { status: "suspended" });
    expect(await statusOf(w, token)).toBe(403);
  });

  it("refuses the token of a user in a suspended tenant, and not a user of another tenant", async () => {
    const w = world(uncached);
    const tenantId = `tenant-s-${crypto.randomUUID()}`;
    await seedTenant(w, tenantId);
    const userId = await seedUser(w, tenantId);
    const bystander = mint(w, await seedUser(w));
    const token = mint(w, userId, {}, tenantId);
    expect(await statusOf(w, token)).toBe(200);
    const profile = await w.table.forTenant(parseTenantId(tenantId)).get("PROFILE", "tenant");
    if (!profile) throw new Error("no tenant profile");
    await w.table
      .forTenant(parseTenantId(tenantId))
      .update("PROFILE", "tenant", { status: "suspended" }, { expectedVersion: profile.version });
    expect(await statusOf(w, token)).toBe(403);
    expect(await statusOf(w, bystander)).toBe(200);
  });

  it("refuses a token whose session is revoked, and not one from the user's other session", async () => {
    const w = world(uncached);
    const userId = await seedUser(w);
    const expiresAt = now() + 3600;
    const sid = await w.store.sessions.start(userId, newRefreshToken(), expiresAt, { user: 0, tenant: 0 });
    const otherSid = await w.store.sessions.start(userId, newRefreshToken(), expiresAt, {
      user: 0,
      tenant: 0,
    });
    const token = mint(w, userId, { sid });
    const otherSession = mint(w, userId, { sid: otherSid });
    expect(await statusOf(w, token)).toBe(200);
    await w.store.sessions.revoke(sid);
    expect(await statusOf(w, token)).toBe(403);
    expect(await statusOf(w, otherSession)).toBe(200);
  });

  it("refuses a token naming a session that does not exist, and a user that does not exist", async () => {
    const w = world(uncached);
    const userId = await seedUser(w);
    expect(await statusOf(w, mint(w, userId, { sid: "no-such-session" }))).toBe(403);
    expect(await statusOf(w, mint(w, `ghost-${crypto.randomUUID()}`))).toBe(403);
  });
});

describe("with the declared 30 s cache", () => {
  it("judges a new token at once, while an allow already cached for another token stands", async () => {
    const w = world(declared);
    const userId = await seedUser(w);
    const cached = mint(w, userId);
    expect(await statusOf(w, cached)).toBe(200);
    await updateUser(w, userId, { status: "suspended" });
    // A new token is a new cache key: the authorizer runs and reads the suspension.
    expect(await statusOf(w, mint(w, userId))).toBe(403);
    // The earlier answer is served from the cache until the TTL runs out (the next suite shows it does).
    expect(await statusOf(w, cached)).toBe(200);
  });

  it("refuses a revoked jti on its first request", async () => {
    const w = world(declared);
    const userId = await seedUser(w);
    const token = mint(w, userId);
    await w.store.sessions.revokeAccessToken(token.jti, token.exp);
    expect(await listNotes(w, token)).toEqual({ status: 403, json: { message: "Forbidden" } });
  });
});

describe("with a 2 s cache", () => {
  it("serves a cached allow after a revocation within the TTL, and refuses it once the TTL has passed", async () => {
    const w = world(shortCache);
    const userId = await seedUser(w);
    const token = mint(w, userId);
    // The first request starts the authorizer and the function cold, which can take longer than the
    // TTL on a busy machine; the allow that counts is cached by a warm request right after it expires.
    expect(await statusOf(w, token)).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await statusOf(w, token)).toBe(200);
    await w.store.sessions.revokeAccessToken(token.jti, token.exp);
    expect(await statusOf(w, token)).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await statusOf(w, token)).toBe(403);
  });
});

describe("when the table cannot be read", () => {
  it("answers 500 rather than a deny, and does not cache it: the same token is served once the table is back", async () => {
    const w = world(declared);
    const userId = await seedUser(w);
    const token = mint(w, userId);
    await w.cloud.stopService("dynamodb");
    try {
      expect(await listNotes(w, token)).toEqual({ status: 500, json: { message: "Internal Server Error" } });
    } finally {
      // The local table lives in memory: it comes back empty, so the identity items are seeded again.
      await w.cloud.startService("dynamodb");
    }
    await seedTenant(w, TENANT);
    await seedUser(w, TENANT, userId);
    // Under the 30 s cache a cached deny would still answer 403 here.
    expect(await statusOf(w, token)).toBe(200);
  });
});
