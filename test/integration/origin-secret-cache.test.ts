/**
 * The authorizer's view of the origin secret, against the local Secrets Manager: it holds the value it
 * read, re-reads early when a header matches neither value (at most every 30 s), and keeps serving the
 * held value when a refresh fails. Time is the test's clock, not a sleep.
 */
import { PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "#scripts/local/aws-json-server";
import { consoleLog } from "#scripts/local/log";
import { freePort } from "#scripts/local/net";
import { type LocalSecret, startSecretsManager } from "#scripts/local/secrets-manager";
import { OriginSecretCache } from "#shared/adapters/origin-secret-cache";
import { sdkSecretReader } from "#shared/adapters/sdk-secret-reader";
import { newOriginSecret, type OriginSecretValue } from "#shared/platform/origin-secret";

const region = "us-east-1";
const secretId = "leadmetrics/test/origin-verify";
let server: RunningServer;
let client: SecretsManagerClient;
let port: number;
const secret: LocalSecret = {
  id: secretId,
  description: "origin secret",
  value: { value: "", versionId: "v0", createdAt: Date.now() },
};

async function start(): Promise<void> {
  server = await startSecretsManager({
    port,
    region,
    account: "000000000000",
    secrets: [secret],
    log: consoleLog("error"),
  });
}

beforeAll(async () => {
  port = await freePort();
  await start();
  client = new SecretsManagerClient({
    region,
    endpoint: server.url,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
});

afterAll(async () => {
  client?.destroy();
  await server?.stop();
});

async function put(value: OriginSecretValue): Promise<void> {
  await client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(value) }));
}

function cacheAt(clock: { now: number }) {
  return new OriginSecretCache({ read: sdkSecretReader(client), secretId, now: () => clock.now });
}

describe("the origin secret cache", () => {
  it("accepts the current and previous values and refuses anything else, or nothing", async () => {
    const value = newOriginSecret(newOriginSecret());
    await put(value);
    const cache = cacheAt({ now: 0 });
    expect(await cache.verify(value.current)).toBe(true);
    expect(await cache.verify(value.previous)).toBe(true);
    expect(await cache.verify("not-the-secret")).toBe(false);
    expect(await cache.verify(undefined)).toBe(false);
  });

  it("learns a rotated value on a mismatch only once 30 s have passed since it last read", async () => {
    const first = newOriginSecret();
    await put(first);
    const clock = { now: 0 };
    const cache = cacheAt(clock);
    expect(await cache.verify(first.current)).toBe(true);
    const rotated = newOriginSecret(first);
    await put(rotated);
    clock.now = 10_000;
    expect(await cache.verify(rotated.current)).toBe(false);
    clock.now = 31_000;
    expect(await cache.verify(rotated.current)).toBe(true);
    expect(await cache.verify(first.current)).toBe(true);
  });

  it("keeps serving the value it holds when a refresh fails, and fails when it never read one", async () => {
    const value = newOriginSecret();
    await put(value);
    const clock = { now: 0 };
    const cache = cacheAt(clock);
    expect(await cache.verify(value.current)).toBe(true);
    await server.stop();
    try {
      clock.now = 10 * 60_000;
      expect(await cache.verify(value.current)).toBe(true);
      await expect(cacheAt(clock).verify(value.current)).rejects.toThrow();
    } finally {
      await start();
    }
  });

  it("refuses to start from a value that is not an origin secret: our fault, thrown", async () => {
    await client.send(
      new PutSecretValueCommand({ SecretId: secretId, SecretString: '{"placeholder":true}' }),
    );
    await expect(cacheAt({ now: 0 }).verify("anything")).rejects.toThrow("does not hold an origin secret");
  });
});
