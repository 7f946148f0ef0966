import { describe, expect, it } from "vitest";
import { evaluatePolicy, identitySourceValues } from "./websocket-events.ts";
import { selectRoute } from "./websocket-gateway.ts";

const ARN = "arn:aws:execute-api:us-east-1:000000000000:realtime/local/$connect";
const policy = (statements: Record<string, unknown>[], context?: Record<string, unknown>) => ({
  principalId: "user-1",
  policyDocument: { Version: "2012-10-17", Statement: statements },
  ...(context && { context }),
});
const allow = { Action: "execute-api:Invoke", Effect: "Allow", Resource: ARN };

describe("evaluatePolicy", () => {
  it("allows an Allow of execute-api:Invoke on the method ARN, with the context and principalId", () => {
    expect(evaluatePolicy(policy([allow], { tenantId: "t-1", staff: false, n: 2 }), ARN)).toEqual({
      kind: "allow",
      context: { tenantId: "t-1", staff: false, n: 2, principalId: "user-1" },
    });
  });

  it("applies IAM's wildcards to actions and resources", () => {
    const wildcard = {
      Action: "execute-api:*",
      Effect: "Allow",
      Resource: "arn:aws:execute-api:*:*:realtime/*",
    };
    expect(evaluatePolicy(policy([wildcard]), ARN).kind).toBe("allow");
  });

  it("denies when an explicit Deny matches, whatever allows", () => {
    expect(evaluatePolicy(policy([allow, { ...allow, Effect: "Deny" }]), ARN)).toEqual({ kind: "deny" });
  });

  it("denies when no statement allows this method ARN or action", () => {
    expect(evaluatePolicy(policy([{ ...allow, Resource: `${ARN}x` }]), ARN)).toEqual({ kind: "deny" });
    expect(evaluatePolicy(policy([{ ...allow, Action: "execute-api:ManageConnections" }]), ARN)).toEqual({
      kind: "deny",
    });
  });

  it("reads a simple response, a missing principalId or an object in the context as malformed", () => {
    expect(evaluatePolicy({ isAuthorized: true }, ARN).kind).toBe("malformed");
    expect(evaluatePolicy({ policyDocument: { Statement: [allow] } }, ARN).kind).toBe("malformed");
    expect(evaluatePolicy(policy([allow], { nested: { a: 1 } }), ARN).kind).toBe("malformed");
  });
});

describe("selectRoute", () => {
  const routes = { $connect: 1, $disconnect: 1, $default: 1, ping: 1 };

  it("selects the route named by the body's action, else $default", () => {
    expect(selectRoute('{"action":"ping"}', routes)).toBe("ping");
    expect(selectRoute('{"action":"other"}', routes)).toBe("$default");
    expect(selectRoute("not json", routes)).toBe("$default");
    expect(selectRoute('["ping"]', routes)).toBe("$default");
  });

  it("never selects $connect or $disconnect from a message", () => {
    expect(selectRoute('{"action":"$disconnect"}', routes)).toBe("$default");
  });

  it("selects nothing when no route matches and there is no $default", () => {
    expect(selectRoute('{"action":"other"}', { ping: 1 })).toBeUndefined();
  });
});

describe("identitySourceValues", () => {
  const handshake = {
    connectionId: "c",
    headers: [["Auth", "a"]] as [string, string][],
    rawQueryString: "ticket=t-1&empty=",
    sourceIp: "127.0.0.1",
    userAgent: undefined,
    connectedAt: 0,
  };

  it("reads query parameters and headers (names case-insensitive), missing or empty → undefined", () => {
    expect(
      identitySourceValues(["route.request.querystring.ticket", "route.request.header.auth"], handshake),
    ).toEqual(["t-1", "a"]);
    expect(identitySourceValues(["route.request.querystring.empty"], handshake)).toBeUndefined();
    expect(identitySourceValues(["route.request.querystring.none"], handshake)).toBeUndefined();
  });
});
