import { afterAll, beforeAll, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";

/** The real platform declaration and the real health functions, on the local cloud. */
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ log: consoleLog("error") });
});

afterAll(async () => {
  await cloud?.stop();
});

async function ready(): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${cloud.urls.api}/api/health/ready`);
  return { status: response.status, body: await response.json() };
}

it("serves the public liveness route without the authorizer", async () => {
  const response = await fetch(`${cloud.urls.api}/api/health/live`);

  expect(response.status).toBe(200);
});

it("reports ready while every service is up, and not ready while SQS is stopped", async () => {
  const before = await ready();
  await cloud.stopService("sqs");
  const during = await ready();
  await cloud.startService("sqs");
  const after = await ready();

  expect(before.status).toBe(200);
  expect(during.status).toBe(503);
  expect(JSON.stringify(during.body)).toContain("sqs");
  expect(after.status).toBe(200);
});
