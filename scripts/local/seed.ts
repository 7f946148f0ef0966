import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createSuperAdmin, temporaryPassword } from "#scripts/ops/create-super-admin";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { createIdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { hashPassword } from "#shared/domain/identity/password";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import type { LocalCloud } from "./cloud.ts";

export interface DemoCredentials {
  tenant: { id: string; name: string };
  admin: { email: string; password: string };
  reviewer: { email: string; password: string };
  superAdmin: { email: string; password: string };
}

/** Enough for a few runs of every agent. */
const DEMO_CREDITS = 100;

/**
 * On an empty local database, seeds a demo tenant (with credits) and its admin, a reviewer assigned to it and a
 * super-admin, with generated passwords kept in `file` (git-ignored, owner-only) so they can be printed
 * at every start. A database that already has them is left alone.
 */
export async function seedDemo(cloud: LocalCloud, file: string): Promise<DemoCredentials> {
  const client = new DynamoDBClient({
    region: cloud.region,
    endpoint: cloud.urls.dynamodb,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    const table = new SingleTable({ client, tableName: cloud.locator.tableName });
    const store = createIdentityRepositories(table);
    if (existsSync(file)) {
      const saved = JSON.parse(await readFile(file, "utf8")) as DemoCredentials;
      if (await store.users.byEmail(saved.superAdmin.email)) return saved;
    }
    const superAdmin = await createSuperAdmin(client, cloud.locator.tableName, {
      email: "super.admin@leadmetrics.local",
      name: "Demo Super-Admin",
    });
    const adminPassword = temporaryPassword();
    const tenantName = "Demo Tenant";
    const { tenantId } = await store.tenants.register({
      tenantName,
      name: "Demo Admin",
      email: "admin@demo.leadmetrics.local",
      passwordHash: await hashPassword(adminPassword),
    });
    const reviewerPassword = temporaryPassword();
    const reviewerId = await store.users.createStaff({
      name: "Demo Reviewer",
      email: "reviewer@leadmetrics.local",
      role: "reviewer",
      passwordHash: await hashPassword(reviewerPassword),
    });
    await store.assignments.assign(reviewerId, tenantId);
    await createCredits(table).grant(parseTenantId(tenantId), {
      amount: DEMO_CREDITS,
      reason: "Demo tenant's starting credits (local seed)",
      actorId: "seed",
      correlationId: "seed",
    });
    const credentials: DemoCredentials = {
      tenant: { id: tenantId, name: tenantName },
      admin: { email: "admin@demo.leadmetrics.local", password: adminPassword },
      reviewer: { email: "reviewer@leadmetrics.local", password: reviewerPassword },
      superAdmin: { email: superAdmin.email, password: superAdmin.password },
    };
    await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
    return credentials;
  } finally {
    client.destroy();
  }
}
