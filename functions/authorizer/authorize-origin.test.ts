import { describe, expect, it, vi } from "vitest";
import { EDGE } from "#shared/platform/declaration/edge";
import type { RouteDeclaration } from "#shared/platform/declaration/types";
import { ORIGIN_VERIFIED } from "#shared/platform/http/client-address";
import { httpEvent } from "#shared/platform/http/testing/events";
import { matchOrigin, newOriginSecret } from "#shared/platform/origin-secret";
import { authorize } from "./authorize.ts";

const secret = newOriginSecret(newOriginSecret());
const routes: Record<string, RouteDeclaration> = {
  "GET /api/tenant/v1/me": {
    method: "GET",
    path: "/api/tenant/v1/me",
    summary: "",
    access: { role: "member", tenant: { from: "token" } },
  },
  "POST /api/auth/v1/login": { method: "POST", path: "/api/auth/v1/login", summary: "" },
};

function deps() {
  return {
    verifier: { verify: vi.fn(async () => ({})) },
    routeOf: (key: string) => routes[key],
    verdict: vi.fn(async () => "ok" as const),
    origin: { verify: async (header: string | undefined) => matchOrigin(header, secret) !== undefined },
  };
}

function ask(routeKey: string, headers: Record<string, string>, d = deps()) {
  const event = httpEvent({ routeKey, headers });
  return authorize({ ...event, type: "REQUEST", routeArn: "arn", identitySource: [] } as never, d);
}

describe("authorize, behind a front door", () => {
  it("allows a public route through the front door and stamps the origin as verified", async () => {
    expect(await ask("POST /api/auth/v1/login", { [EDGE.originHeader]: secret.current })).toEqual({
      isAuthorized: true,
      context: { origin: ORIGIN_VERIFIED },
    });
  });

  it("still accepts the previous value, which CloudFront sends until the Web stack is redeployed", async () => {
    const answer = await ask("POST /api/auth/v1/login", { [EDGE.originHeader]: secret.previous ?? "" });
    expect(answer.isAuthorized).toBe(true);
  });

  it.each([
    ["no origin header", {}],
    ["a wrong origin header", { [EDGE.originHeader]: "guessed" }],
  ])(
    "denies a public or signed-in route with %s, before verifying a token or reading the table",
    async (_, headers) => {
      const d = deps();
      expect((await ask("POST /api/auth/v1/login", headers, d)).isAuthorized).toBe(false);
      const signedIn = await ask("GET /api/tenant/v1/me", { ...headers, authorization: "Bearer a.b.c" }, d);
      expect(signedIn.isAuthorized).toBe(false);
      expect(d.verifier.verify).not.toHaveBeenCalled();
      expect(d.verdict).not.toHaveBeenCalled();
    },
  );

  it("stamps a signed-in allow as verified too, and still checks the token", async () => {
    const d = deps();
    d.verifier.verify.mockResolvedValue({
      sub: "u1",
      role: "member",
      tenantId: "tA",
      jti: "j1",
      iat: 1,
      exp: 2,
      iss: "i",
      aud: "a",
    });
    const answer = await ask(
      "GET /api/tenant/v1/me",
      { [EDGE.originHeader]: secret.current, authorization: "Bearer a.b.c" },
      d,
    );
    expect(d.verifier.verify).toHaveBeenCalledWith("a.b.c");
    expect(answer).toEqual({
      isAuthorized: true,
      context: { userId: "u1", role: "member", jti: "j1", tenantId: "tA", origin: ORIGIN_VERIFIED },
    });
  });

  it("lets a failure to read the origin secret throw (a 500, not a cached deny)", async () => {
    const d = { ...deps(), origin: { verify: async () => Promise.reject(new Error("secrets down")) } };
    await expect(ask("POST /api/auth/v1/login", { [EDGE.originHeader]: secret.current }, d)).rejects.toThrow(
      "secrets down",
    );
  });
});
