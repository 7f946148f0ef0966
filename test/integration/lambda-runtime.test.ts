import { mkdir, rm, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { LocalCloud } from "#scripts/local/cloud";
import { fixtureDeclaration } from "./fixtures/declaration.ts";
import { invocations, startFixtureCloud, token } from "./support.ts";

/** The local Lambda service: environment, context, timeouts and source reloading. */
const [fixtureDomain, slowDomain] = [() => fixtureDeclaration.api[0], () => fixtureDeclaration.api[1]];
let cloud: LocalCloud;
const generated = resolve(import.meta.dirname, "fixtures/generated");

beforeAll(async () => {
  await mkdir(generated, { recursive: true });
  cloud = await startFixtureCloud();
});

afterAll(async () => {
  await cloud?.stop();
  await rm(generated, { recursive: true, force: true });
});

it("gives a function its bindings' environment, the SDK endpoint variables and a Lambda context", async () => {
  const response = await fetch(`${cloud.urls.api}/api/fixture/runtime`, {
    headers: { authorization: token("allow") },
  });
  const { env, context } = (await response.json()) as {
    env: Record<string, string>;
    context: Record<string, unknown>;
  };

  expect(env).toMatchObject({
    STAGE: "local",
    TABLE_NAME: "fixture-local-main",
    EVENT_BUS_NAME: "fixture-local-domain-events",
    QUEUE_URL_JOBS: cloud.locator.queueUrl("jobs"),
    SECRET_ID_SIGNING_KEYS: "fixture/local/signing-keys",
    AWS_ENDPOINT_URL_DYNAMODB: cloud.urls.dynamodb,
    AWS_ENDPOINT_URL_SQS: cloud.urls.sqs,
    AWS_ENDPOINT_URL_EVENTBRIDGE: cloud.urls.eventbridge,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: cloud.urls.secretsManager,
    AWS_REGION: "us-east-1",
    AWS_LAMBDA_FUNCTION_NAME: "fixture-local-api-fixture",
    POWERTOOLS_SERVICE_NAME: "fixture",
  });
  expect(env).not.toHaveProperty("QUEUE_URL_EVENTS_DLQ");
  expect(context).toMatchObject({
    functionName: "fixture-local-api-fixture",
    memoryLimitInMB: "512",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:fixture-local-api-fixture",
  });
  expect(context.remainingTimeInMillis).toBeGreaterThan(8000);
  expect(context.remainingTimeInMillis).toBeLessThanOrEqual(10_000);
});

it("reports a function past its timeout as Task timed out and answers the next invocation from a fresh sandbox", async () => {
  const fn = cloud.functionOf(slowDomain());
  const event = (ms: number) => ({
    routeKey: "GET /api/slow/sleep",
    headers: {},
    queryStringParameters: { ms: String(ms) },
  });

  const timedOut = await cloud.runtime.invoke(fn, event(3000));
  const next = await cloud.runtime.invoke(fn, event(0));

  expect(timedOut).toEqual({
    ok: false,
    errorType: "Sandbox.Timedout",
    error: "Task timed out after 1.00 seconds",
  });
  expect(next).toEqual({ ok: true, payload: expect.objectContaining({ slept: 0 }) });
});

it("reports a thrown error as a function error with its type and message", async () => {
  const result = await cloud.runtime.invoke(cloud.functionOf(fixtureDomain()), {
    routeKey: "GET /api/fixture/throw",
    headers: {},
  });

  expect(result).toMatchObject({
    ok: false,
    errorType: "Error",
    error: "the fixture handler failed on purpose",
  });
});

it("runs invocations of one function concurrently in separate sandboxes", async () => {
  const fn = cloud.functionOf(fixtureDomain());
  const threeAtOnce = async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        cloud.runtime.invoke(fn, {
          routeKey: "GET /api/fixture/sleep",
          headers: {},
          queryStringParameters: { ms: "1500" },
        }),
      ),
    );
    return results.map((r) => {
      if (!r.ok) throw new Error(`an invocation failed: ${r.errorType} ${r.error}`);
      return r.payload as { sandbox: number; from: number; to: number };
    });
  };

  // No invocation waits for another's sandbox: three sandboxes answer (one may have been warm before).
  const cold = await threeAtOnce();
  // Warm, the three sandboxes answer again, all asleep at once: the last to start started before the
  // first to finish finished. (Cold, how far apart the three inits end depends on the machine's load.)
  const warm = await threeAtOnce();

  expect(new Set(cold.map((s) => s.sandbox)).size).toBe(3);
  expect(new Set(warm.map((s) => s.sandbox))).toEqual(new Set(cold.map((s) => s.sandbox)));
  expect(Math.max(...warm.map((s) => s.from))).toBeLessThan(Math.min(...warm.map((s) => s.to)));
});

it("picks up a change to the function's source without a rebuild", async () => {
  const entry = resolve(generated, "version.handler.ts");
  const fn = {
    name: "fixture-local-version",
    entry: "test/integration/fixtures/generated/version.handler.ts",
  };
  await writeFile(entry, 'export const handler = async () => ({ version: "one" });\n');
  const first = await cloud.runtime.invoke(fn, {});

  await writeFile(entry, 'export const handler = async () => ({ version: "two" });\n');
  let second = await cloud.runtime.invoke(fn, {});
  for (let i = 0; i < 20 && second.ok && JSON.stringify(second.payload).includes("one"); i++) {
    await new Promise((done) => setTimeout(done, 100));
    second = await cloud.runtime.invoke(fn, {});
  }

  expect(first).toEqual({ ok: true, payload: { version: "one" } });
  expect(second).toEqual({ ok: true, payload: { version: "two" } });
});

it("builds functions ahead of their first invocation on request, and refuses one that does not build", async () => {
  const good = resolve(generated, "prepared.handler.ts");
  const bad = resolve(generated, "broken.handler.ts");
  await writeFile(good, "export const handler = async () => ({ prepared: true });\n");
  await writeFile(bad, "export const handler = async () => ({ missing: ;\n");
  const prepared = {
    name: "fixture-local-prepared",
    entry: "test/integration/fixtures/generated/prepared.handler.ts",
  };
  const broken = {
    name: "fixture-local-broken",
    entry: "test/integration/fixtures/generated/broken.handler.ts",
  };
  await cloud.runtime.prepare([prepared]);
  expect(await cloud.runtime.invoke(prepared, {})).toEqual({ ok: true, payload: { prepared: true } });
  await expect(cloud.runtime.prepare([prepared, broken])).rejects.toThrow(/broken\.handler\.ts/);
});

it("counts one handler invocation per request through the gateway", async () => {
  const allow = token("allow");

  await fetch(`${cloud.urls.api}/api/fixture/text`, { headers: { authorization: allow } });

  expect(await invocations(cloud, "HANDLER", allow)).toBe(1);
});
