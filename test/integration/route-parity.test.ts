/**
 * The local gateway serves exactly the routes CloudFormation would deploy, with the same authorizer
 * on each: every route of the synthesized template is served locally, and every local route is in
 * the template.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CloudFormationTemplate,
  synthesizeApiTemplate,
  synthesizedRouteKeys,
} from "#infra/lib/synthesized-routes";
import { type LocalCloud, startLocalCloud } from "#scripts/local/cloud";
import { consoleLog } from "#scripts/local/log";
import { platform } from "#shared/contracts/platform";
import { PUBLIC_ROUTES } from "#shared/platform/declaration/public-routes";
import type { PlatformDeclaration } from "#shared/platform/declaration/types";
import { KIT_PUBLIC_ROUTES, kitDeclaration } from "./kit/declaration.ts";

// The real declaration, and the kit fixture, whose routes are all behind the authorizer.
describe.each([
  ["the platform declaration", platform, PUBLIC_ROUTES],
  ["a declaration with protected routes", kitDeclaration, KIT_PUBLIC_ROUTES],
] as [string, PlatformDeclaration, readonly string[]][])("for %s", (_name, declaration, publicRoutes) => {
  let cloud: LocalCloud;
  let template: CloudFormationTemplate;

  beforeAll(async () => {
    template = synthesizeApiTemplate(declaration);
    cloud = await startLocalCloud({ declaration, publicRoutes, log: consoleLog("error") });
  });

  afterAll(async () => {
    await cloud?.stop();
  });

  /** Route key → whether the template puts the (signed-in) Lambda authorizer on it. */
  function synthesizedAccess(): Map<string, boolean> {
    const signedIn = JSON.stringify(declaration.authorizer.identitySource);
    return new Map(
      [...synthesizedAuthorizers()].map(([key, identitySource]) => [key, identitySource === signedIn]),
    );
  }

  /** Route key → the identity source of the authorizer the template puts on it, or `none`. */
  function synthesizedAuthorizers(): Map<string, string> {
    const resources = template.Resources ?? {};
    const routes = Object.values(resources).filter((r) => r.Type === "AWS::ApiGatewayV2::Route");
    return new Map(
      routes.map((r) => {
        const id = (r.Properties?.AuthorizerId as { Ref?: string } | undefined)?.Ref;
        const authorizer = id === undefined ? undefined : resources[id];
        return [
          String(r.Properties?.RouteKey),
          JSON.stringify(authorizer?.Properties?.IdentitySource ?? "none"),
        ];
      }),
    );
  }

  /** A concrete request path for a route template. */
  function concrete(path: string): string {
    return path.replace(/\{[A-Za-z0-9_]+\+\}/g, "a/b").replace(/\{[A-Za-z0-9_]+\}/g, "x1");
  }

  describe("the local gateway and the synthesized HTTP API", () => {
    it("have the same route keys", () => {
      const local = cloud
        .routes()
        .map((r) => r.key)
        .sort();
      expect(local).toEqual(synthesizedRouteKeys(template));
      expect(local.length).toBeGreaterThan(0);
    });

    it("agree on which routes are behind the authorizer", () => {
      const synthesized = synthesizedAccess();
      for (const route of cloud.routes()) {
        expect(synthesized.get(route.key), route.key).toBe(!route.public);
      }
    });

    it("put the same authorizer, by identity source, on every route: the public ones' front-door check too", () => {
      const synthesized = synthesizedAuthorizers();
      const { identitySource, publicIdentitySource } = declaration.authorizer;
      for (const route of cloud.routes()) {
        const local = route.public ? (publicIdentitySource ?? "none") : identitySource;
        expect(synthesized.get(route.key), route.key).toBe(JSON.stringify(local));
      }
    });

    it("serve every synthesized route locally: protected ones refuse a missing token, public ones answer", async () => {
      for (const [key, protectedRoute] of synthesizedAccess()) {
        const [method = "GET", path = "/"] = key.split(" ");
        const response = await fetch(`${cloud.urls.api}${concrete(path)}`, { method });
        const body = await response.text();
        expect(body, key).not.toBe('{"message":"Not Found"}');
        if (protectedRoute)
          expect({ key, status: response.status, body }).toEqual({
            key,
            status: 401,
            body: '{"message":"Unauthorized"}',
          });
        else expect(response.status, key).toBeLessThan(500);
      }
    });

    it("refuse every route straight at the API with 401 when the declaration has a front door, and only then", async () => {
      const frontDoor = declaration.authorizer.publicIdentitySource !== undefined;
      for (const [key, protectedRoute] of synthesizedAccess()) {
        const [method = "GET", path = "/"] = key.split(" ");
        const response = await fetch(`${cloud.urls.origin}${concrete(path)}`, { method });
        const answer = { key, status: response.status, body: await response.text() };
        if (frontDoor || protectedRoute)
          expect(answer).toEqual({ key, status: 401, body: '{"message":"Unauthorized"}' });
        else expect(answer.status, key).toBeLessThan(400);
      }
    });
  });
});
