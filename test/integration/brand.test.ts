/**
 * The brand profile's review loop on the local cloud, through the gateway: `setup` proposes a
 * version that no run uses; a tenant admin accepts it (with edits), and the next run's prompt uses
 * the accepted version and the run records which; edits are versioned with optimistic concurrency
 * (a stale base version → 409), only admins change the brand, bad input is a 400 naming the fields,
 * and every change is in the audit log.
 */
import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeParse } from "zod/v4/core";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import { createIdentityRepositories } from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { platform } from "#shared/contracts/platform";
import { workerByRole } from "#shared/domain/agents/worker-catalog";
import type { BrandProfile } from "#shared/domain/brand/brand-profile";
import { hashPassword } from "#shared/domain/identity/password";
import { parseTenantId, type TenantId } from "#shared/domain/tenancy/tenant-id";
import { type ScriptedModel, startScriptedModel } from "./agents/scripted-model.ts";
import { callApi, clientConfig, signedInMember } from "./support.ts";

const SOCIAL = "social-post-writer";
const PASSWORD = "correct horse battery staple";

let cloud: LocalCloud;
let model: ScriptedModel;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  model = await startScriptedModel();
  cloud = await startLocalCloud({
    // The long agents' container services are not needed here.
    declaration: { ...platform, containers: [] },
    log: consoleLog("error"),
    authorizerCacheTtlSeconds: 0,
    agentModels: JSON.stringify({
      default: { provider: "offline" },
      agents: { [SOCIAL]: { provider: "openai-compatible", model: "scripted", baseUrl: model.baseUrl } },
    }),
  });
  dynamodb = new DynamoDBClient(clientConfig(cloud, cloud.urls.dynamodb));
}, 120_000);

afterAll(async () => {
  dynamodb?.destroy();
  await cloud?.stop();
  await model?.stop();
});

interface VersionView {
  version: number;
  status: string;
  profile: BrandProfile;
  origin: Record<string, unknown>;
  createdAt: string;
  statusChange?: { by: string; at: string; reason?: string };
}
interface RunView {
  runId: string;
  status: string;
  brandVersion?: number;
  failure?: unknown;
}

/** A tenant through sign-up, with credits, its admin's id and token, and a signed-in member. */
async function newTenant() {
  const email = `owner.${randomUUID()}@example.com`;
  const registered = await callApi<{ accessToken: string; user: { id: string; tenantId: string } }>(
    cloud,
    "POST",
    "/api/auth/v1/register",
    { body: { tenantName: `Brand ${randomUUID()}`, name: "Owner", email, password: PASSWORD } },
  );
  expect(registered.status, registered.text).toBe(201);
  const tenantId = parseTenantId(registered.json.user.tenantId);
  const table = new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName });
  await createCredits(table).grant(tenantId, {
    amount: 20,
    reason: "test",
    actorId: "test",
    correlationId: "test",
  });
  const admin = registered.json.accessToken;
  return { tenantId, adminId: registered.json.user.id, admin, member: await signedInMember(cloud, admin) };
}

/** A reviewer assigned to these tenants, signed in: their access token. */
async function reviewerOf(tenants: TenantId[]): Promise<string> {
  const email = `reviewer.${randomUUID()}@example.com`;
  const store = createIdentityRepositories(
    new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName }),
  );
  const userId = await store.users.createStaff({
    name: "Rita Reviewer",
    email,
    role: "reviewer",
    passwordHash: await hashPassword(PASSWORD),
  });
  for (const tenantId of tenants) await store.assignments.assign(userId, tenantId);
  const signedIn = await callApi<{ accessToken: string }>(cloud, "POST", "/api/auth/v1/login", {
    body: { email, password: PASSWORD },
  });
  expect(signedIn.status, signedIn.text).toBe(200);
  return signedIn.json.accessToken;
}

async function runAgent(token: string, role: string, input: unknown): Promise<RunView> {
  const started = await callApi<{ runId: string }>(cloud, "POST", `/api/tenant/v1/agents/${role}/runs`, {
    token,
    body: { input },
  });
  expect(started.status, started.text).toBe(202);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const run = await callApi<RunView>(cloud, "GET", `/api/tenant/v1/runs/${started.json.runId}`, { token });
    expect(run.status).toBe(200);
    if (run.json.status === "succeeded" || run.json.status === "failed") {
      expect(run.json.status, JSON.stringify(run.json.failure)).toBe("succeeded");
      return run.json;
    }
    if (Date.now() > deadline) throw new Error(`run ${started.json.runId} is still ${run.json.status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A social post run answered by the scripted model; answers the run and the prompt it was sent. */
async function socialRun(token: string) {
  const marker = `brand-${randomUUID()}`;
  const input = { message: `Spring offer ${marker}: two lessons for one`, networks: ["x", "linkedin"] };
  const agent = workerByRole(SOCIAL);
  const parsed = agent && safeParse(agent.input, input);
  if (!agent || !parsed?.success) throw new Error("bad social post input");
  model.script(marker, [{ kind: "answer", json: agent.offlineDraft({ input: parsed.data }) }]);
  const run = await runAgent(token, SOCIAL, input);
  const prompts = model.requests(marker);
  expect(prompts).toHaveLength(1);
  return { run, prompt: prompts[0] ?? "" };
}

const setupInput = (businessName: string) => ({
  businessName,
  offering: "Yoga classes and weekend retreats by the sea",
  audience: "Busy professionals in Bristol who want to de-stress",
  goals: ["Fill weekday evening classes"],
  tone: ["calm", "warm"],
});

const versions = (token: string, query = "") =>
  callApi<{ items: VersionView[]; nextCursor?: string }>(
    cloud,
    "GET",
    `/api/tenant/v1/brand/versions?${query}`,
    {
      token,
    },
  );

/** A small valid profile. */
const PLAIN: BrandProfile = {
  businessName: "Plain Studio",
  summary: "A small studio.",
  industry: "Fitness",
  audiences: ["Neighbours"],
  offerings: ["Classes"],
  differentiators: ["Close by"],
  keywords: ["studio"],
  voice: { tone: ["plain"], do: ["Be brief"], avoid: [] },
};

const getBrand = (token: string) =>
  callApi<{ current: VersionView | null; proposal: VersionView | null }>(
    cloud,
    "GET",
    "/api/tenant/v1/brand",
    {
      token,
    },
  );

describe("the brand's review loop", () => {
  let tenant: Awaited<ReturnType<typeof newTenant>>;
  let accepted: VersionView;

  beforeAll(async () => {
    tenant = await newTenant();
  }, 60_000);

  it("stores setup's profile as a proposal that the next run does not use", async () => {
    const name = `Harbour Yoga ${randomUUID().slice(0, 8)}`;
    const setup = await runAgent(tenant.admin, "setup", setupInput(name));
    const brand = await getBrand(tenant.member);
    expect(brand.status).toBe(200);
    expect(brand.json.current).toBeNull();
    expect(brand.json.proposal).toMatchObject({
      version: 1,
      status: "proposed",
      profile: { businessName: name },
      origin: { kind: "setup", runId: setup.runId },
    });
    expect(setup.brandVersion).toBeUndefined();

    const { run, prompt } = await socialRun(tenant.member);
    expect(run.brandVersion).toBeUndefined();
    expect(prompt).not.toContain(name);
    expect(prompt).toContain("There is no brand profile yet");
  }, 120_000);

  it("lets an admin accept the proposal with edits; the next run's prompt uses that version and records it", async () => {
    const proposal = (await getBrand(tenant.admin)).json.proposal;
    if (!proposal) throw new Error("no proposal");
    const editedName = `Harbour Yoga Edited ${randomUUID().slice(0, 8)}`;
    const profile: BrandProfile = {
      ...proposal.profile,
      businessName: editedName,
      voice: { ...proposal.profile.voice, wordsToAvoid: ["cheap"] },
      examples: ["Breathe out. The week can wait until Monday."],
    };
    const answer = await callApi<VersionView>(cloud, "POST", "/api/tenant/v1/brand/versions/1/accept", {
      token: tenant.admin,
      body: { profile },
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json).toMatchObject({
      version: 2,
      status: "accepted",
      profile,
      origin: { kind: "proposal", proposal: 1, userId: tenant.adminId },
    });
    accepted = answer.json;
    const brand = await getBrand(tenant.member);
    expect(brand.json).toEqual({ current: accepted, proposal: null });
    const first = await callApi<VersionView>(cloud, "GET", "/api/tenant/v1/brand/versions/1", {
      token: tenant.member,
    });
    expect(first.json).toMatchObject({ status: "superseded", statusChange: { by: tenant.adminId } });

    const { run, prompt } = await socialRun(tenant.member);
    expect(run.brandVersion).toBe(2);
    expect(prompt).toContain(editedName);
    expect(prompt).toContain("Words never to use: cheap");
    expect(prompt).toContain("The week can wait until Monday.");
  }, 120_000);

  it("shows a reviewer of the tenant the version its content was written with, and no one else", async () => {
    const reviewer = await reviewerOf([tenant.tenantId]);
    const outsider = await reviewerOf([]);
    const path = (version: number) => `/api/dm/v1/tenants/${tenant.tenantId}/brand/versions/${version}`;
    const current = (await getBrand(tenant.member)).json.current;
    if (!current) throw new Error("the tenant has no accepted brand version");
    const read = await callApi<VersionView>(cloud, "GET", path(current.version), { token: reviewer });
    expect(read.status, read.text).toBe(200);
    expect(read.json).toEqual(current);
    for (const token of [outsider, tenant.admin]) {
      const refused = await callApi(cloud, "GET", path(current.version), { token });
      expect(refused.status, refused.text).toBe(403);
      expect(refused.text).not.toContain(current.profile.businessName);
    }
    expect((await callApi(cloud, "GET", path(99), { token: reviewer })).status).toBe(404);
  });

  it("refuses a save on a stale base version with 409, and saves on the current one", async () => {
    const stale = await callApi(cloud, "PUT", "/api/tenant/v1/brand", {
      token: tenant.admin,
      body: { baseVersion: 1, profile: accepted.profile },
    });
    expect(stale.status).toBe(409);
    expect(stale.json).toEqual({
      error: {
        code: "BRAND.STALE_BASE_VERSION",
        message: expect.any(String),
        requestId: expect.any(String),
        details: { baseVersion: 1, acceptedVersion: 2 },
      },
    });
    const saved = await callApi<VersionView>(cloud, "PUT", "/api/tenant/v1/brand", {
      token: tenant.admin,
      body: { baseVersion: 2, profile: { ...accepted.profile, industry: "Wellness" } },
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json).toMatchObject({
      version: 3,
      status: "accepted",
      origin: { kind: "edit", userId: tenant.adminId, baseVersion: 2 },
    });
    const again = await callApi(cloud, "PUT", "/api/tenant/v1/brand", {
      token: tenant.admin,
      body: { baseVersion: 2, profile: accepted.profile },
    });
    expect(again.status).toBe(409);
  });

  it("refuses a member's save (403) and changes nothing", async () => {
    const refused = await callApi(cloud, "PUT", "/api/tenant/v1/brand", {
      token: tenant.member,
      body: { baseVersion: 3, profile: accepted.profile },
    });
    expect(refused.status).toBe(403);
    const dismiss = await callApi(cloud, "POST", "/api/tenant/v1/brand/versions/1/dismiss", {
      token: tenant.member,
    });
    expect(dismiss.status).toBe(403);
    expect((await getBrand(tenant.member)).json.current?.version).toBe(3);
  });

  it("lets an admin dismiss a new proposal, which stays listed as rejected", async () => {
    await runAgent(tenant.admin, "setup", setupInput(`Second Answers ${randomUUID().slice(0, 8)}`));
    const proposal = (await getBrand(tenant.admin)).json.proposal;
    expect(proposal).toMatchObject({ version: 4, status: "proposed" });
    const dismissed = await callApi<VersionView>(cloud, "POST", "/api/tenant/v1/brand/versions/4/dismiss", {
      token: tenant.admin,
      body: { reason: "Not our voice" },
    });
    expect(dismissed.status, dismissed.text).toBe(200);
    expect(dismissed.json).toMatchObject({ status: "rejected", statusChange: { reason: "Not our voice" } });
    const twice = await callApi(cloud, "POST", "/api/tenant/v1/brand/versions/4/accept", {
      token: tenant.admin,
    });
    expect(twice.status).toBe(409);
    expect(twice.json).toMatchObject({ error: { code: "BRAND.NOT_PENDING" } });
    const brand = await getBrand(tenant.member);
    expect(brand.json.current?.version).toBe(3);
    expect(brand.json.proposal).toBeNull();
  }, 120_000);

  it("lists the versions newest first, page by page", async () => {
    const first = await versions(tenant.member, "limit=3");
    expect(first.status).toBe(200);
    expect(first.json.items.map((v) => [v.version, v.status])).toEqual([
      [4, "rejected"],
      [3, "accepted"],
      [2, "superseded"],
    ]);
    const rest = await versions(
      tenant.member,
      `limit=3&cursor=${encodeURIComponent(first.json.nextCursor ?? "")}`,
    );
    expect(rest.json.items.map((v) => [v.version, v.status])).toEqual([[1, "superseded"]]);
    expect(rest.json.nextCursor).toBeUndefined();
  });

  it("records every change in the audit log with who and which version", async () => {
    const audit = await callApi<{ items: { type: string; actor?: { userId: string }; details?: unknown }[] }>(
      cloud,
      "GET",
      "/api/tenant/v1/audit?limit=100",
      { token: tenant.admin },
    );
    expect(audit.status).toBe(200);
    const brandEntries = audit.json.items
      .filter((e) => e.type.startsWith("brand."))
      .map((e) => [e.type, e.actor?.userId, e.details]);
    expect(brandEntries).toEqual([
      ["brand.proposal-dismissed", tenant.adminId, { version: 4 }],
      ["brand.saved", tenant.adminId, { version: 3, baseVersion: 2 }],
      ["brand.proposal-accepted", tenant.adminId, { proposal: 1, version: 2, edited: true }],
    ]);
  });
});

describe("concurrent saves", () => {
  it("accepts exactly one of five saves on the same base version; the others get 409", async () => {
    const tenant = await newTenant();
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        callApi<{ error?: { code: string } }>(cloud, "PUT", "/api/tenant/v1/brand", {
          token: tenant.admin,
          body: { baseVersion: 0, profile: { ...PLAIN, businessName: `Racer ${n}` } },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.json.error?.code).toBe("BRAND.STALE_BASE_VERSION");
    }
    const listed = await versions(tenant.admin);
    expect(listed.json.items.map((v) => [v.version, v.status])).toEqual([[1, "accepted"]]);
  }, 60_000);
});

describe("bad input", () => {
  it("answers 400 VALIDATION_ERROR naming each field, writes nothing, and shows no other tenant's versions", async () => {
    const tenant = await newTenant();
    const bad = await callApi<{ error: { code: string; fields: { in: string; path: string }[] } }>(
      cloud,
      "PUT",
      "/api/tenant/v1/brand",
      {
        token: tenant.admin,
        body: {
          baseVersion: -1,
          profile: {
            ...PLAIN,
            businessName: "x".repeat(121),
            voice: { ...PLAIN.voice, tone: [], shout: true },
          },
        },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("VALIDATION_ERROR");
    expect(bad.json.error.fields.map((f) => `${f.in}:${f.path}`).sort()).toEqual([
      "body:baseVersion",
      "body:profile.businessName",
      "body:profile.voice.shout",
      "body:profile.voice.tone",
    ]);
    const path = await callApi<{ error: { fields: { in: string; path: string }[] } }>(
      cloud,
      "GET",
      "/api/tenant/v1/brand/versions/first",
      { token: tenant.member },
    );
    expect(path.status).toBe(400);
    expect(path.json.error.fields).toMatchObject([{ in: "path", path: "version" }]);
    expect((await versions(tenant.admin)).json.items).toEqual([]);
    // Other tenants of this file have a version 1; this one's is not there, and theirs is not seen.
    const other = await callApi(cloud, "GET", "/api/tenant/v1/brand/versions/1", { token: tenant.member });
    expect(other.status).toBe(404);
    expect((await getBrand(tenant.member)).json).toEqual({ current: null, proposal: null });
  }, 60_000);
});
