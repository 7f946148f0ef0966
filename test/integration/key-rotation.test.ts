/** `npm run ops -- rotate-signing-key` against the local Secrets Manager, seen by the real authorizer. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { JwtVerifier } from "aws-jwt-verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { rotateSigningKey } from "#scripts/ops/rotate-signing-key";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { SecretJwksCache, VerificationKeysUnavailableError } from "#shared/adapters/jwks-cache";
import { sdkSecretReader } from "#shared/adapters/sdk-secret-reader";
import { readSigningKeys, readVerificationKeys, type SigningKeySet } from "#shared/adapters/signing-keys";
import { activeSigningKey, KEY_ACTIVATION_DELAY_MS, signJwt } from "#shared/adapters/token-signer";
import { tokenAudience, tokenIssuer } from "#shared/domain/access/access-token";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { KIT_PUBLIC_ROUTES, kitDeclaration } from "./kit/declaration.ts";
import { clientConfig } from "./support.ts";

let cloud: LocalCloud;
let secrets: SecretsManagerClient;
let secretId: string;
let secretIds: { signingKeys: string; verificationKeys: string };

beforeAll(async () => {
  cloud = await startLocalCloud({
    declaration: kitDeclaration,
    publicRoutes: KIT_PUBLIC_ROUTES,
    log: consoleLog("error"),
  });
  secrets = new SecretsManagerClient(clientConfig(cloud, cloud.urls.secretsManager));
  secretId = cloud.locator.secretId("signing-keys");
  secretIds = { signingKeys: secretId, verificationKeys: cloud.locator.secretId("verification-keys") };
  // The authorizer honours only tokens of existing, active users in active tenants.
  const dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  const table = new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName });
  await table
    .forTenant(parseTenantId("tenant-rot"))
    .create("PROFILE", "tenant", { name: "Rot", status: "active" });
  await table.platform().create("USER", "u-rot", {
    email: "u-rot@example.com",
    name: "Rot",
    role: "member",
    tenantId: "tenant-rot",
    passwordHash: "x",
    status: "active",
  });
  dynamodb.destroy();
});

afterAll(async () => {
  secrets?.destroy();
  await cloud?.stop();
});

function call(keys: SigningKeySet) {
  const now = Math.floor(Date.now() / 1000);
  const token = signJwt(keys, {
    iss: tokenIssuer(cloud.stage),
    aud: tokenAudience(cloud.stage),
    sub: "u-rot",
    role: "member",
    tenantId: "tenant-rot",
    jti: crypto.randomUUID(),
    iat: now,
    exp: now + 900,
  });
  return fetch(`${cloud.urls.api}/api/tenant/v1/notes`, { headers: { authorization: `Bearer ${token}` } });
}

describe("rotating the signing key", () => {
  it("publishes the new key for verification at once, signs with it only after the activation delay", async () => {
    const before = await readSigningKeys(sdkSecretReader(secrets), secretId);
    expect((await call(before)).status).toBe(200);

    const lines: string[] = [];
    const after = await rotateSigningKey(secrets, secretIds, { force: true, log: (l) => lines.push(l) });
    expect(after.keys).toHaveLength(2);
    expect(after.keys[1]?.kid).toBe(before.keys[0]?.kid);
    expect(await readSigningKeys(sdkSecretReader(secrets), secretId)).toEqual(after);
    expect(lines.join("\n")).not.toContain(after.keys[0]?.d ?? "never");

    const published = await readVerificationKeys(sdkSecretReader(secrets), secretIds.verificationKeys);
    expect(published.keys.map((k) => k.kid)).toEqual(after.keys.map((k) => k.kid));
    expect(JSON.stringify(published)).not.toContain('"d"');

    // The new key is not yet active: tokens are still signed with the previous key, which verifies.
    expect(activeSigningKey(after).kid).toBe(before.keys[0]?.kid);
    expect(activeSigningKey(after, new Date(Date.now() + KEY_ACTIVATION_DELAY_MS)).kid).toBe(
      after.keys[0]?.kid,
    );
    expect((await call(after)).status).toBe(200);
    // A token signed with the new key already verifies: the authorizer re-reads the keys for an unknown kid.
    const newest = after.keys[0];
    if (!newest) throw new Error("rotation made no key");
    expect((await call({ keys: [newest] })).status).toBe(200);
  });

  it("retires all but the previous key on the next rotation", async () => {
    const first = await readSigningKeys(sdkSecretReader(secrets), secretId);
    const next = await rotateSigningKey(secrets, secretIds, { force: true, log: () => undefined });
    expect(next.keys.map((k) => k.kid)).toEqual([next.keys[0]?.kid, first.keys[0]?.kid]);
    expect(next.keys.map((k) => k.kid)).not.toContain(first.keys[1]?.kid);
  });
});

describe("the authorizer's key cache when Secrets Manager is down", () => {
  it("keeps verifying with the keys it holds, and fails as our fault (not the token's) when it holds none", async () => {
    let now = Date.now();
    const verifier = (cache: SecretJwksCache) =>
      JwtVerifier.create(
        {
          issuer: tokenIssuer(cloud.stage),
          audience: tokenAudience(cloud.stage),
          jwksUri: "secretsmanager:test",
        },
        { jwksCache: cache },
      );
    const options = {
      read: sdkSecretReader(secrets),
      secretId: secretIds.verificationKeys,
      maxAgeMs: 1000,
      now: () => now,
    };
    const warm = verifier(new SecretJwksCache(options));
    const keys = await readSigningKeys(sdkSecretReader(secrets), secretId);
    const token = signJwt(keys, {
      iss: tokenIssuer(cloud.stage),
      aud: tokenAudience(cloud.stage),
      sub: "u",
      exp: Math.floor(now / 1000) + 600,
    });
    await expect(warm.verify(token)).resolves.toMatchObject({ sub: "u" });

    await cloud.stopService("secretsManager");
    try {
      now += 5000; // past the cache's max age: it tries to refresh, fails, and keeps the keys it has
      await expect(warm.verify(token)).resolves.toMatchObject({ sub: "u" });
      const cold = verifier(new SecretJwksCache(options));
      await expect(cold.verify(token)).rejects.toBeInstanceOf(VerificationKeysUnavailableError);
    } finally {
      await cloud.startService("secretsManager");
    }
  });
});

describe("a retired key", () => {
  it("stops verifying once the authorizer's key cache has re-read the keys after a rotation", async () => {
    let now = Date.now();
    const cache = new SecretJwksCache({
      read: sdkSecretReader(secrets),
      secretId: secretIds.verificationKeys,
      maxAgeMs: 1000,
      now: () => now,
    });
    const verifier = JwtVerifier.create(
      {
        issuer: tokenIssuer(cloud.stage),
        audience: tokenAudience(cloud.stage),
        jwksUri: "secretsmanager:retired",
      },
      { jwksCache: cache },
    );
    const oldest = (await readSigningKeys(sdkSecretReader(secrets), secretId)).keys[0];
    if (!oldest) throw new Error("no signing key");
    const token = signJwt(
      { keys: [oldest] },
      {
        iss: tokenIssuer(cloud.stage),
        aud: tokenAudience(cloud.stage),
        sub: "u",
        exp: Math.floor(now / 1000) + 600,
      },
    );
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: "u" });

    // Two rotations: the key is first the previous one, then gone.
    await rotateSigningKey(secrets, secretIds, { force: true, log: () => undefined });
    await rotateSigningKey(secrets, secretIds, { force: true, log: () => undefined });
    const published = await readVerificationKeys(sdkSecretReader(secrets), secretIds.verificationKeys);
    expect(published.keys.map((k) => k.kid)).not.toContain(oldest.kid);

    now += 5000; // past the cache's max age: the next verification re-reads the keys
    await expect(verifier.verify(token)).rejects.toThrow();
  });
});
