import { createServer, request, type Server } from "node:http";
import { PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AwsCallLog } from "#scripts/local/aws-calls";
import type { RunningServer } from "#scripts/local/aws-json-server";
import { consoleLog } from "#scripts/local/log";
import { close, listen } from "#scripts/local/net";
import { sessionTokenOf } from "#scripts/local/principals";
import { startSecretsExtension } from "#scripts/local/secrets-extension";
import { secretArn, startSecretsManager } from "#scripts/local/secrets-manager";
import { extensionSecretReader } from "#shared/adapters/secret-store";

// What AWS's Parameters and Secrets Lambda Extension does, and so the local one: a request without the
// sandbox's session token is refused, an unknown secret is Secrets Manager's refusal passed on, the
// answer is the GetSecretValue JSON, and a secret read within the TTL is served from the cache.

const REGION = "us-east-1";
const ACCOUNT = "000000000000";
const SECRET = "leadmetrics/test/cursor-key";
const FUNCTION = "api-notes";
const TTL_SECONDS = 300;

let secretsManager: RunningServer;
let counter: Server;
let extension: RunningServer;
let now = Date.now();
const calls = new AwsCallLog();
/** Requests that reached Secrets Manager, by X-Amz-Target. */
const reached: string[] = [];
/** Set to drop the next request's connection unanswered, as a server closing a kept-alive socket does. */
let dropNext = false;

beforeAll(async () => {
  secretsManager = await startSecretsManager({
    port: 0,
    region: REGION,
    account: ACCOUNT,
    secrets: [
      {
        id: SECRET,
        description: "Signs cursors.",
        value: { value: "c2l4dGVlbi1yYW5kb20tYnl0ZXMh", versionId: "v1", createdAt: 1.7e12 },
      },
    ],
    log: consoleLog("error"),
    calls,
  });
  // Counts what reaches Secrets Manager, passing every request on unchanged.
  counter = createServer((incoming, outgoing) => {
    reached.push(String(incoming.headers["x-amz-target"]));
    if (dropNext) {
      dropNext = false;
      incoming.socket.destroy();
      return;
    }
    const upstream = new URL(secretsManager.url);
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(forward);
  });
  const counterPort = await listen(counter, 0);
  extension = await startSecretsExtension({
    region: REGION,
    secretsManagerUrl: () => `http://127.0.0.1:${counterPort}`,
    ttlSecondsOf: (principal) => (principal === FUNCTION ? TTL_SECONDS : 0),
    now: () => now,
    log: consoleLog("error"),
  });
});

afterAll(async () => {
  await extension?.stop();
  if (counter) await close(counter);
  await secretsManager?.stop();
});

const get = (secretId: string, headers: Record<string, string>) =>
  fetch(`http://localhost:${extension.port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`, {
    headers,
  });
const tokenOf = (principal: string) => ({ "X-Aws-Parameters-Secrets-Token": sessionTokenOf(principal) });

describe("the secrets extension", () => {
  it("refuses a request without the session token, or with one it did not hand out, with 401", async () => {
    expect((await get(SECRET, {})).status).toBe(401);
    expect((await get(SECRET, { "X-Aws-Parameters-Secrets-Token": "made-up" })).status).toBe(401);
    const forged = `${sessionTokenOf(FUNCTION).split(".")[0]}.AAAA`;
    expect((await get(SECRET, { "X-Aws-Parameters-Secrets-Token": forged })).status).toBe(401);
    expect(reached).toEqual([]);
  });

  it("passes Secrets Manager's 400 ResourceNotFoundException on for an unknown secret", async () => {
    const response = await get("leadmetrics/test/nothing", tokenOf(FUNCTION));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("ResourceNotFoundException");
  });

  it("reads again when Secrets Manager drops the connection, as the SDK's retries do, instead of failing the read", async () => {
    const before = reached.length;
    dropNext = true;
    // A function with no cache: the read goes to Secrets Manager.
    const response = await get(SECRET, tokenOf("api-uncached"));
    expect(response.status, await response.clone().text()).toBe(200);
    expect(((await response.json()) as { SecretString?: string }).SecretString).toBe(
      "c2l4dGVlbi1yYW5kb20tYnl0ZXMh",
    );
    expect(reached.slice(before)).toEqual(["secretsmanager.GetSecretValue", "secretsmanager.GetSecretValue"]);
  });

  it("answers the GetSecretValue JSON, read with the calling function's own credentials", async () => {
    const response = await get(SECRET, tokenOf(FUNCTION));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ARN: secretArn(REGION, ACCOUNT, SECRET),
      CreatedDate: new Date(1.7e12).toISOString(),
      Name: SECRET,
      SecretBinary: null,
      SecretString: "c2l4dGVlbi1yYW5kb20tYnl0ZXMh",
      VersionId: "v1",
      VersionStages: ["AWSCURRENT"],
      ResultMetadata: {},
    });
    expect(calls.calls()).toContainEqual({
      principal: FUNCTION,
      action: "secretsmanager:GetSecretValue",
      resource: secretArn(REGION, ACCOUNT, SECRET),
    });
  });

  it("serves a second read within the TTL from its cache, and reads Secrets Manager again after it", async () => {
    const client = new SecretsManagerClient({
      region: REGION,
      endpoint: secretsManager.url,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    await get(SECRET, tokenOf(FUNCTION));
    const before = reached.length;
    await client.send(
      new PutSecretValueCommand({ SecretId: SECRET, SecretString: "cm90YXRlZC1yYW5kb20tYnl0ZXMh" }),
    );
    client.destroy();

    now += (TTL_SECONDS - 1) * 1000;
    const cached = (await (await get(SECRET, tokenOf(FUNCTION))).json()) as { SecretString: string };
    expect(cached.SecretString).toBe("c2l4dGVlbi1yYW5kb20tYnl0ZXMh");
    expect(reached.length).toBe(before);

    now += 2000;
    const fresh = (await (await get(SECRET, tokenOf(FUNCTION))).json()) as { SecretString: string };
    expect(fresh.SecretString).toBe("cm90YXRlZC1yYW5kb20tYnl0ZXMh");
    expect(reached.slice(before)).toEqual(["secretsmanager.GetSecretValue"]);
  });

  it("keeps no cache for a function whose TTL is 0", async () => {
    const before = reached.length;
    await get(SECRET, tokenOf("authorizer"));
    await get(SECRET, tokenOf("authorizer"));
    expect(reached.length).toBe(before + 2);
  });

  it("is what a function's secret reader reads through, with the sandbox's port and token", async () => {
    const read = extensionSecretReader({
      env: {
        PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extension.port),
        AWS_SESSION_TOKEN: sessionTokenOf(FUNCTION),
      },
    });
    expect(await read(SECRET)).toBe("cm90YXRlZC1yYW5kb20tYnl0ZXMh");
    const unknown = await read("leadmetrics/test/nothing").catch((e: unknown) => e);
    expect((unknown as Error).message).toBe(
      "The secrets extension answered 400 for secret leadmetrics/test/nothing",
    );
    const noToken = extensionSecretReader({
      env: { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extension.port) },
    });
    await expect(noToken(SECRET)).rejects.toThrow("no AWS_SESSION_TOKEN");
  });
});
