import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, expect, it } from "vitest";
import { clientConfig, startFixtureCloud } from "./support.ts";

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "local-cloud-"));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function signingKeysOf(options: { dataDir?: string }): Promise<string | undefined> {
  const cloud = await startFixtureCloud(options);
  const client = new SecretsManagerClient(clientConfig(cloud, cloud.urls.secretsManager));
  try {
    const secret = await client.send(
      new GetSecretValueCommand({ SecretId: cloud.locator.secretId("signing-keys") }),
    );
    return secret.SecretString;
  } finally {
    client.destroy();
    await cloud.stop();
  }
}

it("keeps generated secret values across restarts with the same dataDir, in a file only the owner reads", async () => {
  const first = await signingKeysOf({ dataDir });
  const second = await signingKeysOf({ dataDir });

  expect(first).toEqual(expect.stringContaining('"kty":"EC"'));
  expect(second).toBe(first);
  expect((await stat(join(dataDir, "secrets.json"))).mode & 0o777).toBe(0o600);
});

it("generates new values for a cloud without a dataDir", async () => {
  const persisted = await signingKeysOf({ dataDir });
  const inMemory = await signingKeysOf({});

  expect(inMemory).toEqual(expect.stringContaining('"kty":"EC"'));
  expect(inMemory).not.toBe(persisted);
});
