import { resolve } from "node:path";
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { AwsCallLog } from "#scripts/local/aws-calls";
import type { LocalCloud } from "#scripts/local/cloud";
import { type RunningEdge, startEdge } from "#scripts/local/gateway/edge";
import {
  type RunningWebSocketGateway,
  startWebSocketGateway,
} from "#scripts/local/gateway/websocket-gateway";
import { LambdaRuntime, type LocalFunction } from "#scripts/local/lambda-runtime";
import type { Log } from "#scripts/local/log";
import { credentialsEnvironment } from "#scripts/local/principals";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { fixtureDeclaration } from "./fixtures/declaration.ts";
import { startFixtureCloud } from "./support.ts";

/**
 * Fidelity of the local WebSocket API: what API Gateway does with a Lambda REQUEST authorizer on
 * `$connect`, Lambda proxy routes selected by `$request.body.action`, `$disconnect`, the `@connections`
 * management API and the connection limits, the local gateway does — against fixture functions run by
 * the local Lambda runtime, the management API called with the real SDK client.
 */
const root = resolve(import.meta.dirname, "../..");
const REGION = "us-east-1";
const ACCOUNT = "000000000000";
const fixture = (name: string, file: string): LocalFunction => ({
  name,
  entry: `test/integration/fixtures/websocket/${file}`,
  timeoutSeconds: 10,
});
const authorizer = {
  ...fixture("ws-authorizer", "authorizer.handler.ts"),
  identitySource: ["route.request.querystring.ticket"],
};
const connectFn = fixture("ws-connect", "connect.handler.ts");
const echoFn = fixture("ws-echo", "echo.handler.ts");
const disconnectFn = fixture("ws-disconnect", "disconnect.handler.ts");

/** Every line the functions print, and a way to wait for one. */
const lines: string[] = [];
const lineWaiters = new Set<() => void>();
const log: Log = (level, message, detail) => {
  if (level === "error") console.error(message, detail ?? "");
  lines.push(message);
  for (const wake of [...lineWaiters]) wake();
};
function lineMatching(predicate: (line: string) => boolean): Promise<string> {
  return new Promise((resolvePromise) => {
    const check = () => {
      const found = lines.find(predicate);
      if (found === undefined) return;
      lineWaiters.delete(check);
      resolvePromise(found);
    };
    lineWaiters.add(check);
    check();
  });
}
/** The `DISCONNECT` records the fixture `$disconnect` printed for a connection. */
function disconnectsOf(connectionId: string): Record<string, unknown>[] {
  return lines
    .filter((line) => line.includes("DISCONNECT "))
    .map((line) => JSON.parse(line.slice(line.indexOf("DISCONNECT ") + 11)) as Record<string, unknown>)
    .filter((record) => record.connectionId === connectionId);
}
async function disconnectOf(connectionId: string): Promise<Record<string, unknown>> {
  await lineMatching(
    (line) => line.includes("DISCONNECT ") && line.includes(`"connectionId":"${connectionId}"`),
  );
  return disconnectsOf(connectionId)[0] as Record<string, unknown>;
}

let endpoint = "";
const calls = new AwsCallLog();
const runtime = new LambdaRuntime({
  root,
  region: REGION,
  account: ACCOUNT,
  environment: (fn) => ({
    AWS_REGION: REGION,
    ...credentialsEnvironment(fn.name),
    REALTIME_ENDPOINT: endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  }),
  watch: [],
  log,
});
const api = (apiId: string) => ({
  apiId,
  region: REGION,
  account: ACCOUNT,
  domainName: "127.0.0.1",
  stage: "local",
});
let gateway: RunningWebSocketGateway;
let noDefault: RunningWebSocketGateway;
let idle: RunningWebSocketGateway;
let lifetime: RunningWebSocketGateway;
let management: ApiGatewayManagementApiClient;

beforeAll(async () => {
  gateway = await startWebSocketGateway({
    port: 0,
    api: api("wsapi"),
    authorizer,
    routes: {
      $connect: connectFn,
      $disconnect: disconnectFn,
      $default: echoFn,
      echo: echoFn,
      whoami: echoFn,
      fail: echoFn,
    },
    runtime,
    calls,
    log,
  });
  endpoint = gateway.managementEndpoint;
  noDefault = await startWebSocketGateway({
    port: 0,
    api: api("nodefault"),
    routes: { echo: echoFn },
    runtime,
    log,
  });
  idle = await startWebSocketGateway({
    port: 0,
    api: api("idle"),
    routes: { $connect: connectFn, $disconnect: disconnectFn },
    runtime,
    idleTimeoutMs: 300,
    log,
  });
  lifetime = await startWebSocketGateway({
    port: 0,
    api: api("lifetime"),
    routes: { $connect: connectFn, $disconnect: disconnectFn },
    runtime,
    maxConnectionMs: 400,
    log,
  });
  management = new ApiGatewayManagementApiClient({
    endpoint,
    region: REGION,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
});

afterAll(async () => {
  management?.destroy();
  await Promise.all([gateway, noDefault, idle, lifetime].map((g) => g?.stop()));
  await runtime.stop();
});

/** A client connection: its frames in order, and its close. */
interface Client {
  socket: WebSocket;
  next(): Promise<string>;
  closed: Promise<{ code: number; reason: string }>;
}

/** Connects; resolves once open, or rejects with the handshake's HTTP status. */
function connect(url: string, query = ""): Promise<Client> {
  const socket = new WebSocket(`${url}${query}`);
  const frames: string[] = [];
  const waiting: ((frame: string) => void)[] = [];
  socket.on("message", (data) => {
    const frame = data.toString();
    const waiter = waiting.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  const closed = new Promise<{ code: number; reason: string }>((done) =>
    socket.on("close", (code, reason) => done({ code, reason: reason.toString() })),
  );
  return new Promise((resolvePromise, reject) => {
    socket.on("unexpected-response", (_request, response) => {
      reject(
        Object.assign(new Error(`handshake refused: ${response.statusCode}`), {
          status: response.statusCode,
        }),
      );
      socket.terminate();
    });
    socket.on("error", reject);
    socket.on("open", () =>
      resolvePromise({
        socket,
        closed,
        next: () => {
          const frame = frames.shift();
          return frame === undefined ? new Promise((r) => waiting.push(r)) : Promise.resolve(frame);
        },
      }),
    );
  });
}

async function refusal(url: string, query: string): Promise<number> {
  const error = await connect(url, query).then(
    () => expect.fail("the handshake was accepted"),
    (e: unknown) => e as { status?: number },
  );
  return error.status ?? 0;
}

const unique = (kind: string) => `${kind}-${crypto.randomUUID()}`;

/** Sends a message to the echo route and answers what the route posted back. */
async function echo(client: Client, message: Record<string, unknown> | string = { action: "echo" }) {
  client.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  return JSON.parse(await client.next()) as Record<string, unknown> & { authorizer: Record<string, unknown> };
}

/** Opens and closes a connection, and waits for its `$disconnect`: whatever ran before it has had its turn. */
async function barrier(): Promise<void> {
  const client = await connect(gateway.url, `?ticket=${unique("allow")}`);
  const { connectionId } = await echo(client);
  client.socket.close();
  await disconnectOf(String(connectionId));
}

describe("the $connect handshake", () => {
  it("opens the connection when the authorizer allows, and gives every route its context", async () => {
    const ticket = unique("allow");
    const client = await connect(gateway.url, `?ticket=${ticket}`);

    const echoed = await echo(client);

    expect(echoed.authorizer).toMatchObject({
      principalId: "fixture-user",
      ticket,
      methodArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:wsapi/local/$connect`,
    });
    expect(echoed).toMatchObject({ routeKey: "echo", eventType: "MESSAGE", isBase64Encoded: false });
    client.socket.close();
  });

  it("refuses with 403 when the authorizer's policy denies", async () => {
    expect(await refusal(gateway.url, `?ticket=${unique("deny")}`)).toBe(403);
  });

  it("refuses with 401 and never invokes the authorizer when the ticket is missing", async () => {
    const marker = unique("marker");

    expect(await refusal(gateway.url, `?marker=${marker}`)).toBe(401);

    await barrier();
    expect(lines.filter((line) => line.includes("AUTHORIZE ") && line.includes(marker))).toEqual([]);
  });

  it("refuses with 500 when the authorizer fails or answers something other than a policy", async () => {
    expect(await refusal(gateway.url, `?ticket=${unique("throw")}`)).toBe(500);
    expect(await refusal(gateway.url, `?ticket=${unique("malformed")}`)).toBe(500);
  });

  it("never caches the authorizer: the same query string invokes it again", async () => {
    const query = `?ticket=${unique("allow")}`;
    const first = await connect(gateway.url, query);
    const second = await connect(gateway.url, query);

    const [a, b] = [await echo(first), await echo(second)];

    expect(a.authorizer.ticket).toBe(b.authorizer.ticket);
    expect(a.authorizer.nonce).not.toBe(b.authorizer.nonce);
    first.socket.close();
    second.socket.close();
  });

  it("refuses with the status a non-2xx $connect answers, or 500 when it fails", async () => {
    expect(await refusal(gateway.url, `?ticket=${unique("allow")}&connect=418`)).toBe(418);
    expect(await refusal(gateway.url, `?ticket=${unique("allow")}&connect=throw`)).toBe(500);
  });

  it("fires no $disconnect for a refused handshake", async () => {
    const marker = unique("marker");
    expect(await refusal(gateway.url, `?ticket=${unique("allow")}&connect=403&marker=${marker}`)).toBe(403);
    const connected = await lineMatching((line) => line.includes("CONNECT ") && line.includes(marker));
    const { connectionId } = JSON.parse(connected.slice(connected.indexOf("CONNECT ") + 8)) as {
      connectionId: string;
    };

    await barrier();

    expect(disconnectsOf(connectionId)).toEqual([]);
  });
});

describe("messages", () => {
  it("routes by the body's action, falls back to $default, and never sends a route's answer back", async () => {
    const client = await connect(gateway.url, `?ticket=${unique("allow")}`);

    const routed = await echo(client, { action: "echo", n: 1 });
    const unknownAction = await echo(client, { action: "nothing-by-that-name" });
    const notJson = await echo(client, "plain words");

    expect(routed).toMatchObject({ routeKey: "echo", body: '{"action":"echo","n":1}' });
    expect(unknownAction.routeKey).toBe("$default");
    // The frame after each echo is the next echo: the route's own answer never arrived.
    expect(notJson).toMatchObject({ routeKey: "$default", body: "plain words" });
    client.socket.close();
  });

  it("answers API Gateway's Forbidden frame when no route matches and there is no $default", async () => {
    const client = await connect(noDefault.url);

    client.socket.send(JSON.stringify({ action: "nothing-by-that-name" }));
    const frame = JSON.parse(await client.next()) as Record<string, unknown>;

    expect(frame).toEqual({
      message: "Forbidden",
      connectionId: expect.any(String),
      requestId: expect.any(String),
    });
    client.socket.close();
  });

  it("answers API Gateway's Internal server error frame when the route fails", async () => {
    const client = await connect(gateway.url, `?ticket=${unique("allow")}`);

    client.socket.send(JSON.stringify({ action: "fail" }));
    const frame = JSON.parse(await client.next()) as Record<string, unknown>;

    expect(frame).toEqual({
      message: "Internal server error",
      connectionId: expect.any(String),
      requestId: expect.any(String),
    });
    client.socket.close();
  });
});

describe("the @connections management API", () => {
  it("posts a frame, reads a connection (with the SDK client) and records the IAM authorization", async () => {
    const client = await connect(gateway.url, `?ticket=${unique("allow")}`);
    const whoami = await echo(client, { action: "whoami" });
    const connectionId = String(whoami.connectionId);

    await management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: "hello" }));
    const posted = await client.next();
    const read = await management.send(new GetConnectionCommand({ ConnectionId: connectionId }));

    expect(posted).toBe("hello");
    expect(read.ConnectedAt).toBeInstanceOf(Date);
    expect(read.LastActiveAt?.getTime()).toBeGreaterThanOrEqual(read.ConnectedAt?.getTime() ?? Infinity);
    expect(read.Identity).toEqual({ SourceIp: "127.0.0.1", UserAgent: "" });
    expect(whoami.connection).toMatchObject({ identity: { SourceIp: "127.0.0.1" } });
    expect(calls.calls()).toContainEqual({
      principal: "ws-echo",
      action: "execute-api:ManageConnections",
      resource: `arn:aws:execute-api:${REGION}:${ACCOUNT}:wsapi/local/POST/@connections/${connectionId}`,
    });
    expect(calls.calls()).toContainEqual({
      principal: "ws-echo",
      action: "execute-api:ManageConnections",
      resource: `arn:aws:execute-api:${REGION}:${ACCOUNT}:wsapi/local/GET/@connections/${connectionId}`,
    });
    client.socket.close();
  });

  it("answers 410, a GoneException to the SDK, for a connection that does not exist", async () => {
    const error = await management
      .send(new PostToConnectionCommand({ ConnectionId: "bm90LWEtY29ubmVjdGlvbg=", Data: "x" }))
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GoneException);
    expect((error as GoneException).$metadata.httpStatusCode).toBe(410);
  });

  it("closes the socket on DELETE and fires $disconnect once; the connection is gone after", async () => {
    const client = await connect(gateway.url, `?ticket=${unique("allow")}`);
    const connectionId = String((await echo(client)).connectionId);

    await management.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    const closed = await client.closed;
    const disconnect = await disconnectOf(connectionId);
    const afterwards = await management
      .send(new GetConnectionCommand({ ConnectionId: connectionId }))
      .catch((e: unknown) => e);
    await barrier();

    expect(closed.code).toBe(1000);
    expect(disconnect).toMatchObject({
      routeKey: "$disconnect",
      eventType: "DISCONNECT",
      disconnectStatusCode: 1000,
      authorizer: { principalId: "fixture-user" },
    });
    expect(afterwards).toBeInstanceOf(GoneException);
    expect(disconnectsOf(connectionId)).toHaveLength(1);
  });

  it("fires $disconnect once when the client closes", async () => {
    const client = await connect(gateway.url, `?ticket=${unique("allow")}`);
    const connectionId = String((await echo(client)).connectionId);

    client.socket.close(1000);
    const disconnect = await disconnectOf(connectionId);
    await barrier();

    expect(disconnect).toMatchObject({
      disconnectStatusCode: 1000,
      disconnectReason: "Connection Closed Normally",
    });
    expect(disconnectsOf(connectionId)).toHaveLength(1);
  });
});

describe("connection limits", () => {
  /** Connects with a marker and answers the client and its connection id, as `$connect` printed it. */
  async function connectMarked(url: string): Promise<{ client: Client; connectionId: string }> {
    const marker = unique("marker");
    const client = await connect(url, `?marker=${marker}`);
    const line = await lineMatching((l) => l.includes("CONNECT ") && l.includes(marker));
    const { connectionId } = JSON.parse(line.slice(line.indexOf("CONNECT ") + 8)) as { connectionId: string };
    return { client, connectionId };
  }

  it("closes a connection idle past the idle timeout with 1001 and fires $disconnect", async () => {
    const started = Date.now();
    const { client, connectionId } = await connectMarked(idle.url);

    const closed = await client.closed;
    const disconnect = await disconnectOf(connectionId);

    expect(closed.code).toBe(1001);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(disconnect).toMatchObject({ disconnectStatusCode: 1001, disconnectReason: "Going away" });
  });

  it("closes a connection at the maximum duration with 1001 and fires $disconnect", async () => {
    const started = Date.now();
    const { client, connectionId } = await connectMarked(lifetime.url);

    const closed = await client.closed;
    const disconnect = await disconnectOf(connectionId);

    expect(closed.code).toBe(1001);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(disconnect).toMatchObject({ disconnectStatusCode: 1001, disconnectReason: "Going away" });
  });

  it("closes with 1009 on a message over 128 KB, and with 1003 on a binary frame", async () => {
    const large = await connect(gateway.url, `?ticket=${unique("allow")}`);
    const binary = await connect(gateway.url, `?ticket=${unique("allow")}`);

    large.socket.send("x".repeat(128 * 1024 + 1));
    binary.socket.send(Buffer.from([1, 2, 3]), { binary: true });

    expect((await large.closed).code).toBe(1009);
    expect((await binary.closed).code).toBe(1003);
  });
});

describe("behind the front door", () => {
  let edge: RunningEdge;

  beforeAll(async () => {
    edge = await startEdge({
      port: 0,
      // No HTTP API behind this one: only its WebSocket behaviour is under test.
      origin: "http://127.0.0.1:9",
      originSecret: "unused",
      websocket: { path: "/ws", origin: () => gateway.url },
      log,
    });
  });

  afterAll(async () => {
    await edge?.stop();
  });

  it("passes a handshake on the declared path to the WebSocket API, query string and refusals included", async () => {
    const ticket = unique("allow");
    const client = await connect(`${edge.url.replace("http", "ws")}/ws`, `?ticket=${ticket}`);

    const echoed = await echo(client);

    expect(echoed.authorizer.ticket).toBe(ticket);
    expect(await refusal(`${edge.url.replace("http", "ws")}/ws`, `?ticket=${unique("deny")}`)).toBe(403);
    expect(await refusal(`${edge.url.replace("http", "ws")}/elsewhere`, `?ticket=${ticket}`)).toBe(404);
    client.socket.close();
  });
});

describe("in the local cloud", () => {
  const websocketFixture = (file: string) => ({ entry: `test/integration/fixtures/websocket/${file}` });
  const declaration = {
    ...fixtureDeclaration,
    realtime: {
      path: "/ws",
      authorizer: {
        ...websocketFixture("authorizer.handler.ts"),
        identitySource: ["route.request.querystring.ticket"],
      },
      routes: {
        $connect: websocketFixture("connect.handler.ts"),
        $disconnect: websocketFixture("disconnect.handler.ts"),
        $default: { ...websocketFixture("echo.handler.ts"), bindings: { managesConnections: true } },
      },
    },
  } satisfies PlatformDeclaration;
  let cloud: LocalCloud;

  beforeAll(async () => {
    cloud = await startFixtureCloud({ declaration, realtime: { idleTimeoutMs: 60_000 } });
  });

  afterAll(async () => {
    await cloud?.stop();
  });

  it("serves the declared WebSocket API on its own port and through the front door, management endpoint in REALTIME_ENDPOINT", async () => {
    const client = await connect(`${cloud.urls.api.replace("http", "ws")}/ws`, `?ticket=${unique("allow")}`);

    const echoed = await echo(client, "hello");
    const connectionId = String(echoed.connectionId);

    expect(cloud.urls.websocket).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    expect(cloud.locator.realtimeEndpoint).toBe(cloud.urls.websocket?.replace("ws", "http"));
    expect(cloud.environmentOf(declaration.realtime.routes.$default)).toMatchObject({
      REALTIME_ENDPOINT: cloud.locator.realtimeEndpoint,
    });
    expect(echoed).toMatchObject({ routeKey: "$default", body: "hello" });
    expect(cloud.awsCalls()).toContainEqual({
      principal: "realtime-default",
      action: "execute-api:ManageConnections",
      resource: `arn:aws:execute-api:${cloud.region}:${cloud.account}:realtime/ws/POST/@connections/${connectionId}`,
    });
    client.socket.close();
  });
});
