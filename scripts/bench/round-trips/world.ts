/**
 * The data the round-trip measurement runs on, in a running local cloud: a tenant with an owner who
 * can sign in, a member, credits, content in review, notifications, a reviewer assigned to it and a
 * super-admin. Everything is written through the data kit or the API before a route is measured, so
 * only the measured request's own calls are counted. Each measured request gets a token of its own
 * (a fresh session and `jti`), so the authorizer decides afresh every time.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ulid } from "ulid";
import type { LocalCloud } from "#scripts/local/cloud";
import { createRunRepository } from "#shared/adapters/dynamodb/agents/runs-repository";
import { contentMoveOps } from "#shared/adapters/dynamodb/content/content-repository";
import { createCredits } from "#shared/adapters/dynamodb/credits";
import {
  createIdentityRepositories,
  type IdentityRepositories,
} from "#shared/adapters/dynamodb/identity/repositories";
import { createNotificationRepository } from "#shared/adapters/dynamodb/notifications/notifications-repository";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { sdkSecretReader } from "#shared/adapters/sdk-secret-reader";
import { readSigningKeys, type SigningKeySet } from "#shared/adapters/signing-keys";
import { signJwt } from "#shared/adapters/token-signer";
import { tokenAudience, tokenIssuer } from "#shared/domain/access/access-token";
import { newRefreshToken } from "#shared/domain/access/refresh-token";
import type { Role } from "#shared/domain/access/roles";
import type { ReviewPolicy } from "#shared/domain/content/content-status";
import { firstVersion } from "#shared/domain/content/from-run";
import { hashPassword } from "#shared/domain/identity/password";
import { notificationId } from "#shared/domain/notifications/notification";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";

export const PASSWORD = "correct horse battery staple";

/** A valid blog post: the body of every content item the measurement reviews and edits. */
export const BLOG_POST = {
  title: "Desk stretches",
  metaDescription: "Five desk stretches for a long day.",
  slug: "desk-stretches",
  outline: ["Why stretch", "Next steps"],
  article: "## Why stretch\n\nBecause sitting is hard work.\n\n## Next steps\n\nStand up.",
  faq: [],
  keywords: ["desk stretches"],
};

/** A user a measured request can act as. */
export interface Actor {
  userId: string;
  role: Role;
  tenantId?: TenantId;
  email: string;
}

export interface World {
  cloud: LocalCloud;
  table: SingleTable;
  store: IdentityRepositories;
  tenant: TenantId;
  owner: Actor;
  member: Actor;
  reviewer: Actor;
  superAdmin: Actor;
  /** A bearer token of `actor`, on a session of its own with a fresh `jti`. */
  tokenOf(actor: Actor): Promise<string>;
  /** A new tenant, with its admin (who can sign in). */
  newTenant(credits?: number): Promise<{ tenant: TenantId; admin: Actor }>;
  /** A new member of the world's tenant. */
  newMember(): Promise<Actor>;
  /** A new staff user. */
  newStaff(role: "reviewer" | "super_admin"): Promise<Actor>;
  /** A new blog post of the world's tenant, waiting for review (version 1) under `policy`. */
  newContent(policy?: ReviewPolicy): Promise<string>;
  /** A setup call of the API as `actor`, answering its JSON body (if any); anything but a success throws. */
  api(actor: Actor, method: string, path: string, body?: unknown): Promise<unknown>;
  /** A new unread notification of `actor`. */
  newNotification(actor: Actor): Promise<string>;
  /** Resolves once the run is over (succeeded or failed), so reading it costs what a finished run costs. */
  runOver(runId: string): Promise<void>;
  /** Values kept between requests (a run's id from the route that started it). */
  saved: Record<string, string>;
  stop(): void;
}

const email = (who: string) => `${who}.${ulid().toLowerCase()}@example.com`;

export async function buildWorld(cloud: LocalCloud): Promise<World> {
  const secrets = new SecretsManagerClient({ ...clientConfig(cloud), endpoint: cloud.urls.secretsManager });
  const keys: SigningKeySet = await readSigningKeys(
    sdkSecretReader(secrets),
    cloud.locator.secretId("signing-keys"),
  );
  secrets.destroy();
  const dynamodb = new DynamoDBClient({ ...clientConfig(cloud), endpoint: cloud.urls.dynamodb });
  const table = new SingleTable({ client: dynamodb, tableName: cloud.locator.tableName });
  const store = createIdentityRepositories(table);
  const passwordHash = await hashPassword(PASSWORD);

  const newTenant = async (credits = 0) => {
    const admin = email("owner");
    const { tenantId, userId } = await store.tenants.register({
      tenantName: `Round trips ${ulid()}`,
      name: "Owner",
      email: admin,
      passwordHash,
    });
    if (credits > 0) {
      await createCredits(table).grant(tenantId, {
        amount: credits,
        reason: "setup",
        actorId: "setup",
        correlationId: "setup",
      });
    }
    return { tenant: tenantId, admin: { userId, role: "admin" as const, tenantId, email: admin } };
  };
  const { tenant, admin: owner } = await newTenant(1000);
  const newMember = async (): Promise<Actor> => {
    const address = email("member");
    const userId = await store.tenantUsers.invite(tenant, {
      name: "Member",
      email: address,
      role: "member",
      passwordHash,
    });
    return { userId, role: "member", tenantId: tenant, email: address };
  };
  const newStaff = async (role: "reviewer" | "super_admin"): Promise<Actor> => {
    const address = email(role);
    const userId = await store.users.createStaff({ name: role, email: address, role, passwordHash });
    return { userId, role, email: address };
  };
  const [member, reviewer, superAdmin] = await Promise.all([
    newMember(),
    newStaff("reviewer"),
    newStaff("super_admin"),
  ]);
  await store.assignments.assign(reviewer.userId, tenant);

  const tokenOf = async (actor: Actor) => {
    const user = await store.users.get(actor.userId);
    const profile = actor.tenantId ? await store.tenants.profile(actor.tenantId) : undefined;
    const generations = {
      user: user?.sessionGeneration ?? 0,
      ...(actor.tenantId ? { tenant: profile?.sessionGeneration ?? 0 } : {}),
    };
    const now = Math.floor(Date.now() / 1000);
    const sid = await store.sessions.start(actor.userId, newRefreshToken(), now + 3600, generations);
    return signJwt(keys, {
      iss: tokenIssuer(cloud.stage),
      aud: tokenAudience(cloud.stage),
      sub: actor.userId,
      role: actor.role,
      jti: ulid(),
      sid,
      gen: generations.user,
      iat: now,
      exp: now + 900,
      ...(actor.tenantId ? { tenantId: actor.tenantId, tgen: generations.tenant } : {}),
    });
  };

  const runs = createRunRepository(table, createCredits(table));
  const newContent = async (policy: ReviewPolicy = "reviewer") => {
    const id = ulid();
    // The run that wrote it, as a request for changes reads it to wake the agent again.
    const { run } = await runs.accept(tenant, {
      role: "blog-writer",
      input: { topic: "Desk stretches", keywords: ["desk stretches"], length: "short" },
      price: 1,
      correlationId: "setup",
      requestedBy: owner.userId,
    });
    const first = firstVersion(
      id,
      {
        runId: run.runId,
        role: "blog-writer",
        contentType: "blog-post",
        body: BLOG_POST,
        model: { provider: "offline", model: "offline" },
      },
      { policy, findings: [] },
      new Date(),
    );
    await table.transact(
      contentMoveOps(table, tenant, undefined, first.after, {
        version: first.version,
        onConditionFailed: () => new Error(`content ${id} exists already`),
        at: new Date(),
      }),
    );
    return id;
  };

  const notifications = createNotificationRepository(table);
  const newNotification = async (actor: Actor) => {
    const id = notificationId(ulid(), actor.userId);
    const recipient = { userId: actor.userId, ...(actor.tenantId ? { tenantId: actor.tenantId } : {}) };
    await notifications.create(recipient, {
      id,
      userId: actor.userId,
      tenantId: actor.tenantId ?? tenant,
      kind: "content.approved",
      title: "Content approved",
      summary: "A blog post (version 1) was approved.",
      eventId: ulid(),
    });
    return id;
  };

  const api = async (actor: Actor, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${cloud.urls.api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await tokenOf(actor)}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`setup: ${method} ${path} answered ${response.status}: ${text}`);
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  };

  const runOver = async (runId: string) => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const run = await runs.get(tenant, runId);
      if (run?.status === "succeeded" || run?.status === "failed") return;
      if (Date.now() > deadline) throw new Error(`setup: run ${runId} is still ${run?.status}`);
      // The agent runs in another process of the cloud; its end is a change in the table, polled.
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  return {
    cloud,
    api,
    runOver,
    table,
    store,
    tenant,
    owner,
    member,
    reviewer,
    superAdmin,
    tokenOf,
    newTenant,
    newMember,
    newStaff,
    newContent,
    newNotification,
    saved: {},
    stop: () => dynamodb.destroy(),
  };
}

function clientConfig(cloud: LocalCloud) {
  return { region: cloud.region, credentials: { accessKeyId: "local", secretAccessKey: "local" } };
}
