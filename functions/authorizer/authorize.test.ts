import { JwtVerifier } from "aws-jwt-verify";
import { FetchError } from "aws-jwt-verify/error";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { describe, expect, it, vi } from "vitest";
import { publicJwks } from "#shared/adapters/signing-keys";
import { generateSigningKey } from "#shared/adapters/signing-keys-generate";
import { signJwt } from "#shared/adapters/token-signer";
import { tokenAudience, tokenIssuer } from "#shared/domain/access/access-token";
import type { TokenFacts } from "#shared/domain/access/ports";
import type { SessionVerdict } from "#shared/domain/access/session-verdict";
import type { RouteDeclaration } from "#shared/platform/declaration/types";
import { httpEvent } from "#shared/platform/http/testing/events";
import { authorize } from "./authorize.ts";

const keys = { keys: [generateSigningKey()] };
const otherKeys = { keys: [generateSigningKey()] };
const jwksUri = "secretsmanager:test";
// As in production, an unknown kid makes the cache re-read the key set, which still lacks it.
const published = new TextEncoder().encode(JSON.stringify(publicJwks(keys)));
const verifier = JwtVerifier.create(
  { issuer: tokenIssuer("test"), audience: tokenAudience("test"), jwksUri },
  { jwksCache: new SimpleJwksCache({ fetcher: { fetch: async () => published.slice().buffer } }) },
);

const routes: Record<string, RouteDeclaration> = {
  "GET /api/tenant/v1/me": {
    method: "GET",
    path: "/api/tenant/v1/me",
    summary: "",
    access: { role: "member", tenant: { from: "token" } },
  },
  "GET /api/admin/v1/tenants": {
    method: "GET",
    path: "/api/admin/v1/tenants",
    summary: "",
    access: { role: "super_admin", tenant: { from: "none" } },
  },
  "GET /api/dm/v1/tenants/{tenantId}/content": {
    method: "GET",
    path: "/api/dm/v1/tenants/{tenantId}/content",
    summary: "",
    access: { role: "reviewer", tenant: { from: "path", param: "tenantId" } },
  },
  "GET /api/health/live": { method: "GET", path: "/api/health/live", summary: "" },
};
type Verdict = (facts: TokenFacts) => Promise<SessionVerdict>;
const alive: Verdict = async () => "ok";
const deps = { verifier, routeOf: (key: string) => routes[key], verdict: alive };

const now = () => Math.floor(Date.now() / 1000);
function token(claims: Record<string, unknown>, set = keys) {
  return signJwt(set, {
    iss: tokenIssuer("test"),
    aud: tokenAudience("test"),
    iat: now(),
    exp: now() + 900,
    jti: "jti-1",
    ...claims,
  });
}
function request(
  routeKey: string,
  bearer: string | undefined,
  pathParameters?: Record<string, string>,
  verdict: Verdict = alive,
  scheme = "Bearer",
) {
  const event = httpEvent({
    routeKey,
    headers: bearer ? { authorization: `${scheme} ${bearer}` } : {},
    pathParameters,
  });
  return authorize({ ...event, type: "REQUEST", routeArn: "arn", identitySource: [bearer ?? ""] } as never, {
    ...deps,
    verdict,
  });
}

const member = { sub: "u1", role: "member", tenantId: "tA" };

describe("authorize", () => {
  it("allows a valid member token on a member route and passes its identity and tenant", async () => {
    expect(await request("GET /api/tenant/v1/me", token(member))).toEqual({
      isAuthorized: true,
      context: { userId: "u1", role: "member", jti: "jti-1", tenantId: "tA" },
    });
  });

  it.each([
    ["no token", undefined],
    ["a malformed token", "not.a.jwt"],
    ["an expired token", token({ ...member, iat: now() - 2000, exp: now() - 1000 })],
    ["a token signed by an unknown key", token(member, otherKeys)],
    ["a token from another issuer", token({ ...member, iss: "urn:evil" })],
    ["a token for another audience", token({ ...member, aud: "urn:other" })],
    [
      "an alg:none token",
      `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${Buffer.from(
        JSON.stringify({
          ...member,
          iss: tokenIssuer("test"),
          aud: tokenAudience("test"),
          exp: now() + 900,
          iat: now(),
          jti: "x",
        }),
      ).toString("base64url")}.`,
    ],
    ["a tenant role without a tenant claim", token({ sub: "u1", role: "admin" })],
    ["a staff token carrying a tenant claim", token({ sub: "s1", role: "super_admin", tenantId: "tA" })],
    ["an unknown role", token({ sub: "u1", role: "owner", tenantId: "tA" })],
  ])("denies %s", async (_name, bearer) => {
    expect((await request("GET /api/tenant/v1/me", bearer)).isAuthorized).toBe(false);
  });

  it.each(["bearer", "BEARER", "bEaReR"])("takes the scheme in any case (RFC 9110): %s", async (scheme) => {
    const answer = await request("GET /api/tenant/v1/me", token(member), undefined, alive, scheme);
    expect(answer.isAuthorized).toBe(true);
  });

  it.each(["Basic", "Bearer:", "Token"])("denies another scheme: %s", async (scheme) => {
    expect(
      (await request("GET /api/tenant/v1/me", token(member), undefined, alive, scheme)).isAuthorized,
    ).toBe(false);
  });

  it("denies a member on a super-admin route and allows the super-admin", async () => {
    expect((await request("GET /api/admin/v1/tenants", token(member))).isAuthorized).toBe(false);
    const admin = await request("GET /api/admin/v1/tenants", token({ sub: "s1", role: "super_admin" }));
    expect(admin).toEqual({
      isAuthorized: true,
      context: { userId: "s1", role: "super_admin", jti: "jti-1" },
    });
  });

  it("answers for a path-tenant route from the role alone: its answer is cached per token and route key", async () => {
    const reviewer = token({ sub: "r1", role: "reviewer" });
    const answer = await request("GET /api/dm/v1/tenants/{tenantId}/content", reviewer, { tenantId: "tA" });
    expect(answer).toEqual({ isAuthorized: true, context: { userId: "r1", role: "reviewer", jti: "jti-1" } });
    expect(
      (await request("GET /api/dm/v1/tenants/{tenantId}/content", token(member), { tenantId: "tA" }))
        .isAuthorized,
    ).toBe(false);
  });

  it("throws, rather than denying, when the keys cannot be read: a 500 an alarm sees, never a cached deny", async () => {
    const failing = {
      verifier: {
        verify: async () => {
          throw new FetchError("secretsmanager:test", "Secrets Manager is unreachable");
        },
      },
      routeOf: deps.routeOf,
      verdict: alive,
    };
    const event = httpEvent({
      routeKey: "GET /api/tenant/v1/me",
      headers: { authorization: `Bearer ${token(member)}` },
    });
    await expect(
      authorize({ ...event, type: "REQUEST", routeArn: "arn", identitySource: ["x"] } as never, failing),
    ).rejects.toThrow(FetchError);
  });

  it("denies routes it does not know and public routes (which never reach it)", async () => {
    expect((await request("GET /api/unknown", token(member))).isAuthorized).toBe(false);
    expect((await request("GET /api/health/live", token(member))).isAuthorized).toBe(false);
  });
});

describe("authorize, once the token verifies: whether it is still honoured", () => {
  it("asks about the token's user, jti, issue time, tenant, session and generations, and passes the session on in the context when ok", async () => {
    const verdict = vi.fn<Verdict>(alive);
    const iat = now() - 60;
    const answer = await request(
      "GET /api/tenant/v1/me",
      token({ ...member, iat, sid: "session-1", gen: 3, tgen: 1 }),
      undefined,
      verdict,
    );
    expect(answer).toEqual({
      isAuthorized: true,
      context: { userId: "u1", role: "member", jti: "jti-1", tenantId: "tA", sid: "session-1" },
    });
    expect(verdict).toHaveBeenCalledExactlyOnceWith({
      sub: "u1",
      jti: "jti-1",
      iat,
      tenantId: "tA",
      sid: "session-1",
      generations: { user: 3, tenant: 1 },
    });
  });

  it("reads absent generations as 0", async () => {
    const verdict = vi.fn<Verdict>(alive);
    await request("GET /api/tenant/v1/me", token(member), undefined, verdict);
    expect(verdict.mock.calls[0]?.[0].generations).toEqual({ user: 0, tenant: 0 });
  });

  it("asks without a tenant for a staff token", async () => {
    const verdict = vi.fn<Verdict>(alive);
    await request("GET /api/admin/v1/tenants", token({ sub: "s1", role: "super_admin" }), undefined, verdict);
    expect(verdict).toHaveBeenCalledOnce();
    const facts = verdict.mock.calls[0]?.[0];
    expect(facts).toMatchObject({ sub: "s1", jti: "jti-1" });
    expect(facts?.tenantId).toBeUndefined();
    expect(facts?.sid).toBeUndefined();
    expect(facts?.generations).toEqual({ user: 0 });
  });

  it.each<SessionVerdict>(["revoked", "suspended"])("denies a token whose verdict is %s", async (outcome) => {
    const answer = await request("GET /api/tenant/v1/me", token(member), undefined, async () => outcome);
    expect(answer).toEqual({ isAuthorized: false, context: {} });
  });

  it("throws, rather than denying, when the lookup fails: our fault, a 500 API Gateway does not cache", async () => {
    const outage = new Error("DynamoDB is unreachable");
    await expect(
      request("GET /api/tenant/v1/me", token(member), undefined, async () => {
        throw outage;
      }),
    ).rejects.toBe(outage);
  });

  it.each([
    ["no token", "GET /api/tenant/v1/me", undefined],
    ["a forged token", "GET /api/tenant/v1/me", token(member, otherKeys)],
    ["an expired token", "GET /api/tenant/v1/me", token({ ...member, iat: now() - 2000, exp: now() - 1000 })],
    ["a token with bad claims", "GET /api/tenant/v1/me", token({ sub: "u1", role: "owner", tenantId: "tA" })],
    ["a role the route refuses", "GET /api/admin/v1/tenants", token(member)],
    ["an unknown route", "GET /api/unknown", token(member)],
  ])("never reads the table for %s", async (_name, routeKey, bearer) => {
    const verdict = vi.fn<Verdict>(alive);
    expect((await request(routeKey, bearer, undefined, verdict)).isAuthorized).toBe(false);
    expect(verdict).not.toHaveBeenCalled();
  });
});
