/** `npm run dev`'s demo seed and `npm run ops -- create-super-admin`, on the local cloud. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { seedDemo } from "#scripts/local/seed";
import { createSuperAdmin } from "#scripts/ops/create-super-admin";
import { assignmentLookup } from "#shared/adapters/dynamodb/identity/assignments-repository";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { ConflictError } from "#shared/domain/errors";
import { callApi, clientConfig } from "./support.ts";

let cloud: LocalCloud;
let client: DynamoDBClient;

beforeAll(async () => {
  cloud = await startLocalCloud({ log: consoleLog("error") });
  client = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
});

afterAll(async () => {
  client?.destroy();
  await cloud?.stop();
});

async function login(email: string, password: string) {
  const { status, json } = await callApi<{ user?: { id: string; role: string } }>(
    cloud,
    "POST",
    "/api/auth/v1/login",
    { body: { email, password } },
  );
  return { status, json };
}

describe("the demo seed", () => {
  it("creates a tenant admin, an assigned reviewer and a super-admin who can all sign in, once", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "seed-")), "demo-credentials.json");
    const demo = await seedDemo(cloud, file);
    expect(await seedDemo(cloud, file)).toEqual(demo);

    const admin = await login(demo.admin.email, demo.admin.password);
    expect(admin).toMatchObject({ status: 200, json: { user: { role: "admin" } } });
    const reviewer = await login(demo.reviewer.email, demo.reviewer.password);
    expect(reviewer).toMatchObject({ status: 200, json: { user: { role: "reviewer" } } });
    const superAdmin = await login(demo.superAdmin.email, demo.superAdmin.password);
    expect(superAdmin).toMatchObject({ status: 200, json: { user: { role: "super_admin" } } });

    const reviewerId = reviewer.json.user?.id ?? "";
    const isAssigned = assignmentLookup(new SingleTable({ client, tableName: cloud.locator.tableName }));
    expect(await isAssigned(reviewerId, demo.tenant.id)).toBe(true);
  });
});

describe("create-super-admin", () => {
  it("creates a super-admin with a one-time password, and refuses a taken e-mail", async () => {
    const created = await createSuperAdmin(client, cloud.locator.tableName, {
      email: "Ops@Example.com",
      name: "Ops",
    });
    expect(created.email).toBe("ops@example.com");
    expect(created.password.length).toBeGreaterThanOrEqual(12);
    expect((await login("ops@example.com", created.password)).status).toBe(200);
    await expect(
      createSuperAdmin(client, cloud.locator.tableName, { email: "ops@example.com", name: "Again" }),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});
