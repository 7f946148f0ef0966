import { describe, expect, it } from "vitest";
import { fakeConnections, fakeLog, fakePoster, fakeTickets } from "#shared/domain/realtime/testing/in-memory";
import { issueTicket } from "#shared/domain/realtime/tickets";
import { parseTenantId } from "#shared/domain/tenancy/tenant-id";
import { authorizeHandshake, onConnect, onDisconnect, onMessage } from "./realtime-routes.ts";

const NOW = new Date("2026-03-01T12:00:00.000Z");
const now = NOW.getTime() / 1000;
const methodArn = "arn:aws:execute-api:eu-west-1:123456789012:abc123/ws/$connect";
const acme = parseTenantId("acme");

function setup() {
  const tickets = fakeTickets();
  const log = fakeLog();
  return { deps: { tickets, now: () => NOW, log }, log };
}

const handshake = (ticket?: string) => ({
  methodArn,
  queryStringParameters: ticket === undefined ? null : { ticket },
  requestContext: { requestId: "req-1", connectionId: "conn-1" },
});

describe("the $connect authorizer", () => {
  it("allows exactly this handshake with the ticket's identity as context", async () => {
    const { deps } = setup();
    const { ticket } = await issueTicket(
      deps,
      { kind: "tenant", userId: "u1", role: "admin", tenantId: acme, jti: "j" },
      now + 900,
    );
    expect(await authorizeHandshake(deps, handshake(ticket))).toEqual({
      principalId: "u1",
      policyDocument: {
        Version: "2012-10-17",
        Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: methodArn }],
      },
      context: { userId: "u1", role: "admin", tenantId: "acme", tokenExpiresAt: String(now + 900) },
    });
  });

  it("denies a replayed ticket, and logs why", async () => {
    const { deps, log } = setup();
    const { ticket } = await issueTicket(
      deps,
      { kind: "staff", userId: "r1", role: "reviewer", jti: "j" },
      now + 900,
    );
    await authorizeHandshake(deps, handshake(ticket));
    const replay = await authorizeHandshake(deps, handshake(ticket));
    expect(replay.policyDocument.Statement[0].Effect).toBe("Deny");
    expect(replay.context).toBeUndefined();
    expect(log.lines.at(-1)).toMatchObject({
      message: "WebSocket handshake refused",
      attributes: { correlationId: "req-1" },
    });
  });

  it.each([
    ["forged", "B".repeat(43)],
    ["missing", undefined],
    ["malformed", "x y"],
  ])("denies a %s ticket", async (_, ticket) => {
    const { deps } = setup();
    expect((await authorizeHandshake(deps, handshake(ticket))).policyDocument.Statement[0].Effect).toBe(
      "Deny",
    );
  });

  it("fails (not denies) when the ticket store fails, so the fault is not hidden as a refusal", async () => {
    const { deps } = setup();
    const broken = {
      ...deps,
      tickets: { ...deps.tickets, consume: () => Promise.reject(new Error("db down")) },
    };
    await expect(authorizeHandshake(broken, handshake("C".repeat(43)))).rejects.toThrow("db down");
  });
});

const routeEvent = (authorizer?: Record<string, unknown>, body?: string) => ({
  requestContext: { connectionId: "conn-1", requestId: "req-2", ...(authorizer ? { authorizer } : {}) },
  ...(body === undefined ? {} : { body }),
});

describe("$connect and $disconnect", () => {
  const deps = () => ({
    connections: fakeConnections(),
    assignedTenants: async () => [parseTenantId("t1"), parseTenantId("t2")],
    now: () => NOW,
    log: fakeLog(),
  });

  it("record a connection from the authorizer's context, as API Gateway passes it", async () => {
    const d = deps();
    const context = {
      principalId: "r1",
      integrationLatency: 12,
      userId: "r1",
      role: "reviewer",
      tokenExpiresAt: String(now + 900),
    };
    expect(await onConnect(d, routeEvent(context))).toEqual({ statusCode: 200 });
    expect(d.connections.placements.get("conn-1")).toEqual({
      record: { connectionId: "conn-1", userId: "r1", role: "reviewer", expiresAt: now + 900 },
      placement: { tenants: ["t1", "t2"], allTenants: false },
    });
    expect(await onDisconnect(d, routeEvent())).toEqual({ statusCode: 200 });
    expect(d.connections.placements.size).toBe(0);
  });

  it("refuse to record a connection without an identity", async () => {
    await expect(onConnect(deps(), routeEvent())).rejects.toThrow();
  });
});

describe("$default", () => {
  it("answers a ping with a pong on the same connection", async () => {
    const { poster, received } = fakePoster();
    await onMessage({ poster, log: fakeLog() }, routeEvent(undefined, JSON.stringify({ action: "ping" })));
    expect(received.get("conn-1")).toEqual([JSON.stringify({ type: "pong" })]);
  });

  it.each([
    ["a join", JSON.stringify({ action: "join", tenantId: "other" })],
    ["not JSON", "hello"],
    ["nothing", undefined],
  ])("ignores %s: nothing a client sends changes what it receives", async (_, body) => {
    const { poster, received } = fakePoster();
    const log = fakeLog();
    await onMessage({ poster, log }, routeEvent(undefined, body));
    expect(received.size).toBe(0);
    expect(log.lines).toEqual([expect.objectContaining({ message: "Ignored a client message" })]);
  });
});
