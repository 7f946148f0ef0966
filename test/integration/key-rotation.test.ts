/** `npm run ops -- rotate-signing-key` against the local Secrets Manager, seen by the real authorizer. */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { rotateSigningKey } from "#scripts/ops/rotate-signing-key";
import { readSigningKeys, type SigningKeySet } from "#shared/adapters/signing-keys";
import { signJwt } from "#shared/adapters/token-signer";
import { tokenAudience, tokenIssuer } from "#shared/domain/access/access-token";
import { KIT_PUBLIC_ROUTES, kitDeclaration } from "./kit/declaration.ts";

let cloud: LocalCloud;
let secrets: SecretsManagerClient;
let secretId: string;

beforeAll(async () => {
  cloud = await startLocalCloud({
    declaration: kitDeclaration,
    publicRoutes: KIT_PUBLIC_ROUTES,
    log: consoleLog("error"),
  });
  secrets = new SecretsManagerClient({
    region: cloud.region,
    endpoint: cloud.urls.secretsManager,
    credentials: { accessKeyId: "l", secretAccessKey: "l" },
  });
  secretId = cloud.locator.secretId("signing-keys");
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
  it("makes a new current key that the authorizer accepts at once, and keeps the previous one verifying", async () => {
    const before = await readSigningKeys(secrets, secretId);
    expect((await call(before)).status).toBe(200);

    const lines: string[] = [];
    const after = await rotateSigningKey(secrets, secretId, { force: true, log: (l) => lines.push(l) });
    expect(after.keys).toHaveLength(2);
    expect(after.keys[1]?.kid).toBe(before.keys[0]?.kid);
    expect(await readSigningKeys(secrets, secretId)).toEqual(after);
    expect(lines.join("\n")).not.toContain(after.keys[0]?.d ?? "never");

    expect((await call(after)).status).toBe(200);
    expect((await call(before)).status).toBe(200);
  });

  it("retires all but the previous key on the next rotation", async () => {
    const first = await readSigningKeys(secrets, secretId);
    const next = await rotateSigningKey(secrets, secretId, { force: true, log: () => undefined });
    expect(next.keys.map((k) => k.kid)).toEqual([next.keys[0]?.kid, first.keys[0]?.kid]);
    expect(next.keys.map((k) => k.kid)).not.toContain(first.keys[1]?.kid);
  });
});
