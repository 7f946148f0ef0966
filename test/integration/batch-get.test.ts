/**
 * Batch reads against DynamoDB Local: `SingleTable.getMany` over scope-built refs, its retry of
 * `UnprocessedKeys` (provoked by moving items of real answers into `UnprocessedKeys`, as a throttled
 * table answers), single reads of one turn sharing a round trip (`GetCoalescer`), and the
 * authorizer's per-token read (`standing`) in one round trip.
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
  /** Each read's `ConsistentRead`, in order. */
  consistent: (boolean | undefined)[];
  withhold: number;
}

/** A real client of DynamoDB Local that records its operations and can make answers partial. */
function client(wire: Wire): DynamoDBClient {
  const c = new DynamoDBClient({ region, credentials, endpoint: dynamo.url });
  c.middlewareStack.add(
    (next, context) => async (args) => {
      wire.operations.push(context.commandName ?? "?");
      const input = args.input as {
        ConsistentRead?: boolean;
        RequestItems?: Record<string, { ConsistentRead?: boolean }>;
      };
      if (context.commandName === "GetItemCommand") wire.consistent.push(input.ConsistentRead);
      if (context.commandName === "BatchGetItemCommand") {
        wire.consistent.push(input.RequestItems?.[TABLE]?.ConsistentRead);
      }
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
  const wire: Wire = { operations: [], consistent: [], withhold };
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

describe("single reads of one turn", () => {
  const a = parseTenantId("coalesce-a");
  const b = parseTenantId("coalesce-b");

  it("share one BatchGetItem across scopes, each answered its own item, a repeated key read once", async () => {
    const { wire, table } = fixture();
    await table.forTenant(a).create("NOTE", "n1", { text: "A's note", tags: ["x"] });
    await table.forTenant(b).create("NOTE", "n1", { text: "B's note" });
    wire.operations.length = 0;
    const [mine, theirs, absent, again] = await Promise.all([
      table.forTenant(a).get<{ text: string; tags: string[] }>("NOTE", "n1", { consistent: true }),
      table.forTenant(b).get<{ text: string }>("NOTE", "n1", { consistent: true }),
      table.forTenant(a).get("NOTE", "absent", { consistent: true }),
      table.forTenant(a).get<{ text: string; tags: string[] }>("NOTE", "n1", { consistent: true }),
    ]);
    expect(wire.operations).toEqual(["BatchGetItemCommand"]);
    expect(mine).toMatchObject({ id: "n1", text: "A's note", version: 1 });
    expect(theirs).toMatchObject({ id: "n1", text: "B's note" });
    expect(absent).toBeUndefined();
    expect(again).toEqual(mine);
    // Two readers of one key never share an object: what one changes, the other does not see.
    mine?.tags.push("changed by one reader");
    expect(again?.tags).toEqual(["x"]);
  });

  it("keep GetItem for a lone key, even when several readers ask for it", async () => {
    const { wire, table } = fixture();
    await table.forTenant(a).create("NOTE", "lone", { text: "alone" });
    wire.operations.length = 0;
    expect(await table.forTenant(a).get("NOTE", "lone")).toMatchObject({ text: "alone" });
    const both = await Promise.all([
      table.forTenant(a).get("NOTE", "lone"),
      table.forTenant(a).get("NOTE", "lone"),
    ]);
    expect(both.map((item) => item?.id)).toEqual(["lone", "lone"]);
    expect(wire.operations).toEqual(["GetItemCommand", "GetItemCommand"]);
  });

  it("send consistent and eventually consistent reads apart, and reads of a later turn in a request of their own", async () => {
    const { wire, table } = fixture();
    await table.forTenant(a).create("NOTE", "c1", {});
    await table.forTenant(a).create("NOTE", "c2", {});
    wire.operations.length = 0;
    wire.consistent.length = 0;
    const recording = table.forTenant(a);
    const [strong, eventual] = await Promise.all([
      Promise.all([
        recording.get("NOTE", "c1", { consistent: true }),
        recording.get("NOTE", "c2", { consistent: true }),
      ]),
      Promise.all([recording.get("NOTE", "c1"), recording.get("NOTE", "c2")]),
    ]);
    expect([...strong, ...eventual].map((item) => item?.id)).toEqual(["c1", "c2", "c1", "c2"]);
    expect(wire.operations).toEqual(["BatchGetItemCommand", "BatchGetItemCommand"]);
    expect(wire.consistent.map(Boolean).sort()).toEqual([false, true]);
    const first = await recording.get("NOTE", "c1");
    const second = await recording.get("NOTE", "c2");
    expect([first?.id, second?.id]).toEqual(["c1", "c2"]);
    expect(wire.operations.slice(2)).toEqual(["GetItemCommand", "GetItemCommand"]);
  });

  it("fail only the readers of a key left unprocessed through every retry; the others get their items", async () => {
    const { wire, table } = fixture(Number.POSITIVE_INFINITY);
    await table.forTenant(a).create("NOTE", "f1", { text: "one" });
    await table.forTenant(a).create("NOTE", "f2", { text: "two" });
    wire.operations.length = 0;
    // Every answer moves its last item into UnprocessedKeys: one key is answered, the other never.
    const reads = await Promise.allSettled([
      table.forTenant(a).get<{ text: string }>("NOTE", "f1"),
      table.forTenant(a).get<{ text: string }>("NOTE", "f2"),
    ]);
    expect(wire.operations).toEqual(Array(4).fill("BatchGetItemCommand"));
    const answered = reads.filter((read) => read.status === "fulfilled");
    const refused = reads.filter((read) => read.status === "rejected");
    expect(answered).toHaveLength(1);
    expect(["one", "two"]).toContain(answered[0]?.value?.text);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.reason).toBeInstanceOf(DependencyUnavailableError);
  });

  it("fail every reader of a request that fails, as each read would have failed on its own", async () => {
    const wire: Wire = { operations: [], consistent: [], withhold: 0 };
    const missingTable = new SingleTable({ client: client(wire), tableName: "no-such-table" });
    const reads = await Promise.allSettled([
      missingTable.forTenant(a).get("NOTE", "x1"),
      missingTable.forTenant(a).get("NOTE", "x2"),
    ]);
    expect(wire.operations).toEqual(["BatchGetItemCommand"]);
    expect(reads.map((read) => read.status)).toEqual(["rejected", "rejected"]);
    const reasons = reads.map((read) => (read.status === "rejected" ? read.reason : undefined));
    expect(reasons[0]).toBe(reasons[1]);
    expect(String((reasons[0] as Error).name)).toBe("ResourceNotFoundException");
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
