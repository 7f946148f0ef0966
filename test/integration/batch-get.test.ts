/**
 * Batch reads against DynamoDB Local: `SingleTable.getMany` over scope-built refs, its retry of
 * `UnprocessedKeys` (provoked by moving items of real answers into `UnprocessedKeys`, as a throttled
 * table answers), and the authorizer's per-token read (`standing`) in one round trip.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTable, type RunningDynamoDb, startDynamoDbLocal } from "#scripts/local/dynamodb";
import { consoleLog } from "#scripts/local/log";
import { freePort } from "#scripts/local/net";
import {
  createIdentityRepositories,
  type IdentityRepositories,
} from "#shared/adapters/dynamodb/identity/repositories";
import { SingleTable } from "#shared/adapters/dynamodb/table";
import { platform } from "#shared/contracts/platform";
import { newRefreshToken } from "#shared/domain/access/refresh-token";
import { accessTokenVerdict } from "#shared/domain/access/session-verdict";
import { DependencyUnavailableError } from "#shared/domain/errors";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";

const region = "us-east-1";
const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const TABLE = "batch-get";
let dynamo: RunningDynamoDb;

/** What the client sent, and how many answers still get an item moved into `UnprocessedKeys`. */
interface Wire {
  operations: string[];
  withhold: number;
}

/** A real client of DynamoDB Local that records its operations and can make answers partial. */
function client(wire: Wire): DynamoDBClient {
  const c = new DynamoDBClient({ region, credentials, endpoint: dynamo.url });
  c.middlewareStack.add(
    (next, context) => async (args) => {
      wire.operations.push(context.commandName ?? "?");
      const result = await next(args);
      if (context.commandName !== "BatchGetItemCommand" || wire.withhold <= 0) return result;
      const output = result.output as {
        Responses?: Record<string, Record<string, unknown>[]>;
        UnprocessedKeys?: Record<string, { Keys?: Record<string, unknown>[] }>;
      };
      const held = output.Responses?.[TABLE]?.pop();
      if (held) {
        wire.withhold--;
        const keys = output.UnprocessedKeys?.[TABLE]?.Keys ?? [];
        output.UnprocessedKeys = { [TABLE]: { Keys: [...keys, { pk: held.pk, sk: held.sk }] } };
      }
      return result;
    },
    { step: "initialize", name: "partialAnswers" },
  );
  return c;
}

function fixture(withhold = 0) {
  const wire: Wire = { operations: [], withhold };
  const table = new SingleTable({ client: client(wire), tableName: TABLE });
  return { wire, table, store: createIdentityRepositories(table) };
}

beforeAll(async () => {
  const log = consoleLog("error");
  dynamo = await startDynamoDbLocal({
    port: await freePort(),
    dataDir: undefined,
    clientConfig: { region, credentials },
    log,
  });
  const setup = new DynamoDBClient({ region, credentials, endpoint: dynamo.url });
  await ensureTable(setup, TABLE, platform.table, log);
  setup.destroy();
});

afterAll(async () => {
  await dynamo?.stop();
});

describe("SingleTable.getMany", () => {
  const a = parseTenantId("batch-a");
  const b = parseTenantId("batch-b");

  it("answers items of several scopes in the order asked, undefined for a missing one, in one request", async () => {
    const { wire, table } = fixture();
    await table.forTenant(a).create("NOTE", "n1", { text: "A's note" });
    await table.platform().create("THING", "t1", { text: "platform thing" });
    wire.operations.length = 0;
    const [missing, note, thing, again] = await table.getMany([
      table.platform().ref("THING", "absent"),
      table.forTenant(a).ref("NOTE", "n1"),
      table.platform().ref("THING", "t1"),
      table.forTenant(a).ref("NOTE", "n1"),
    ]);
    expect(missing).toBeUndefined();
    expect(note).toMatchObject({ id: "n1", text: "A's note", version: 1 });
    expect(note).not.toHaveProperty("pk");
    expect(thing).toMatchObject({ id: "t1", text: "platform thing" });
    expect(again).toEqual(note);
    expect(wire.operations).toEqual(["BatchGetItemCommand"]);
  });

  it("never answers another tenant's item: the ref carries its own scope's tenant", async () => {
    const { table } = fixture();
    await table.forTenant(a).create("NOTE", "only-a", { text: "A's" });
    expect(await table.getMany([table.forTenant(b).ref("NOTE", "only-a")])).toEqual([undefined]);
  });

  it("asks again for keys answered as unprocessed, and answers them all", async () => {
    const { wire, table } = fixture(2);
    await Promise.all(["u1", "u2", "u3"].map((id) => table.platform().create("THING", id, {})));
    wire.operations.length = 0;
    const items = await table.getMany(["u1", "u2", "u3"].map((id) => table.platform().ref("THING", id)));
    expect(items.map((i) => i?.id)).toEqual(["u1", "u2", "u3"]);
    expect(wire.operations).toEqual(["BatchGetItemCommand", "BatchGetItemCommand", "BatchGetItemCommand"]);
  });

  it("fails as a throttled read does when keys stay unprocessed, never reporting them missing", async () => {
    const { wire, table } = fixture(Number.POSITIVE_INFINITY);
    await table.platform().create("THING", "busy", {});
    wire.operations.length = 0;
    await expect(table.getMany([table.platform().ref("THING", "busy")])).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
    expect(wire.operations).toHaveLength(4);
  });
});

describe("the authorizer's read of a token's standing", () => {
  let store: IdentityRepositories;
  let wire: Wire;
  let user: { tenantId: string; userId: string; sid: string };

  beforeAll(async () => {
    ({ store, wire } = fixture());
    const { tenantId, userId } = await store.tenants.register({
      tenantName: "Batch",
      name: "Owner",
      email: `owner.${crypto.randomUUID()}@example.com`,
      passwordHash: "x",
    });
    const sid = await store.sessions.start(userId, newRefreshToken(), Date.now() / 1000 + 3600, {
      user: 0,
      tenant: 0,
    });
    user = { tenantId, userId, sid };
  });

  const facts = (extra: { jti?: string; sid?: string } = {}) => ({
    sub: user.userId,
    jti: extra.jti ?? crypto.randomUUID(),
    iat: Math.floor(Date.now() / 1000),
    tenantId: user.tenantId,
    sid: extra.sid ?? user.sid,
    generations: { user: 0, tenant: 0 },
  });

  it("reads the jti, the user, the session and the tenant in one BatchGetItem and honours a live token", async () => {
    wire.operations.length = 0;
    expect(accessTokenVerdict(await store.sessions.standing(facts()))).toBe("ok");
    expect(wire.operations).toEqual(["BatchGetItemCommand"]);
  });

  it("refuses a revoked jti, an unknown session and a revoked session as revoked", async () => {
    const jti = crypto.randomUUID();
    await store.sessions.revokeAccessToken(jti, Math.floor(Date.now() / 1000) + 600);
    expect(accessTokenVerdict(await store.sessions.standing(facts({ jti })))).toBe("revoked");
    expect(accessTokenVerdict(await store.sessions.standing(facts({ sid: "no-such-session" })))).toBe(
      "revoked",
    );
    const other = await store.sessions.start(user.userId, newRefreshToken(), Date.now() / 1000 + 3600, {
      user: 0,
      tenant: 0,
    });
    await store.sessions.revoke(other);
    expect(accessTokenVerdict(await store.sessions.standing(facts({ sid: other })))).toBe("revoked");
  });

  it("refuses a token of a tenant without a profile as suspended, and one of an unknown user as revoked", async () => {
    const standing = await store.sessions.standing({ ...facts(), tenantId: "no-such-tenant" });
    expect(standing.tenant).toBe("missing");
    expect(accessTokenVerdict(standing)).toBe("suspended");
    expect(accessTokenVerdict(await store.sessions.standing({ ...facts(), sub: "nobody" }))).toBe("revoked");
  });
});
