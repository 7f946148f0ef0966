import { randomUUID } from "node:crypto";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { expect } from "vitest";
import { type LocalCloud, type LocalCloudOptions, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { freePort } from "#scripts/local/net";
import { ensureQueues, type RunningSqs, startSqs } from "#scripts/local/sqs";
import type { QueueDeclaration } from "#shared/platform/declaration/types";
import { assertDeclaredResponse } from "./declared-response.ts";
import { FIXTURE_PUBLIC_ROUTES, fixtureDeclaration } from "./fixtures/declaration.ts";

/** A local cloud of the fixture declaration, in memory, on free ports; only errors are printed. */
export function startFixtureCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  return startLocalCloud({
    declaration: fixtureDeclaration,
    publicRoutes: FIXTURE_PUBLIC_ROUTES,
    // Well above a cold start on a loaded machine (as `gateway.test.ts` sets its own), so a request
    // answers 503 only in the tests that mean to reach the timeout.
    integrationTimeoutMs: 6000,
    log: consoleLog("error"),
    ...options,
  });
}

/** SDK client settings that reach the cloud's services with its dummy credentials. */
export function clientConfig(cloud: LocalCloud, endpoint: string) {
  return {
    region: cloud.region,
    endpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };
}

/** How often a fixture (`AUTHZ` authorizer, `HANDLER` handler) ran for this Authorization value. */
export async function invocations(
  cloud: LocalCloud,
  kind: "AUTHZ" | "HANDLER",
  token: string,
): Promise<number> {
  const client = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
  try {
    const item = await client.send(
      new GetItemCommand({
        TableName: cloud.locator.tableName,
        Key: { pk: { S: `${kind}#${token}` }, sk: { S: "COUNT" } },
        ConsistentRead: true,
      }),
    );
    return Number(item.Item?.invocations?.N ?? "0");
  } finally {
    client.destroy();
  }
}

/** A token no other test uses, so counts belong to one test. */
export function token(kind: "allow" | "deny" | "throw" | "malformed"): string {
  return `${kind}-${crypto.randomUUID()}`;
}

/** An answer of the local API, with the JSON body typed as the test expects it. */
export interface ApiAnswer<J> {
  status: number;
  headers: Headers;
  text: string;
  json: J;
  /** The refresh token the answer set in its `lm_refresh` cookie, if any. */
  refresh: string | undefined;
}

/**
 * Calls the local API: a JSON body (a string is sent as is, for malformed-input tests), an optional
 * bearer token and extra headers. A success must match the route's declared `response` schema, or
 * the call throws: every test that reaches a route also checks the body the API reference promises.
 */
export async function callApi<J>(
  cloud: LocalCloud,
  method: string,
  path: string,
  init: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<ApiAnswer<J>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(`${cloud.urls.api}${path}`, {
    method,
    headers,
    body:
      init.body === undefined
        ? undefined
        : typeof init.body === "string"
          ? init.body
          : JSON.stringify(init.body),
  });
  const text = await response.text();
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("lm_refresh="));
  const refresh = cookie?.split(";")[0]?.slice("lm_refresh=".length) || undefined;
  assertDeclaredResponse(cloud.declaration, { method, path }, { status: response.status, text });
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: (text ? JSON.parse(text) : {}) as J,
    refresh,
  };
}

/** A member invited by a tenant's admin (`adminToken`) and signed in: their access token. */
export async function signedInMember(cloud: LocalCloud, adminToken: string): Promise<string> {
  const email = `member.${randomUUID()}@example.com`;
  const invited = await callApi<{ temporaryPassword: string }>(cloud, "POST", "/api/tenant/v1/users", {
    token: adminToken,
    body: { name: "Member", email, role: "member" },
  });
  expect(invited.status, invited.text).toBe(201);
  const member = await callApi<{ accessToken: string }>(cloud, "POST", "/api/auth/v1/login", {
    body: { email, password: invited.json.temporaryPassword },
  });
  expect(member.status, member.text).toBe(200);
  return member.json.accessToken;
}

/** A local SQS on its own, without the rest of the cloud, for the SQS fidelity tests. */
export interface BareSqs {
  sqs: RunningSqs;
  /** An SDK client of it. */
  client: SQSClient;
  /** Creates declared queues, and the DLQs their `maxReceiveCount` asks for, named `<prefix>-<name>`. */
  ensureQueues(declared: readonly QueueDeclaration[], prefix: string): Promise<void>;
}

export async function startBareSqs(region: string): Promise<BareSqs> {
  const sqs = await startSqs({ port: await freePort(), region, log: consoleLog("error") });
  const config = {
    region,
    endpoint: sqs.url,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };
  return {
    sqs,
    client: new SQSClient(config),
    ensureQueues: (declared, prefix) =>
      ensureQueues(config, declared, (name) => `${prefix}-${name}`, consoleLog("error")),
  };
}

/**
 * Reads `read` every 250 ms until `done` holds, for at most 90 s (runs, indexers and subscribers work
 * asynchronously), answering the value that satisfied it; past the deadline, fails naming `what` and
 * the last value read.
 */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Retries `check` until it passes (indexers and subscribers on the bus are asynchronous), for at most 90 s. */
export async function eventually<T>(check: () => Promise<T>, what: string): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
