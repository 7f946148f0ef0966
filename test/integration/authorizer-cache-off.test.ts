import { afterAll, beforeAll, expect, it } from "vitest";
import type { LocalCloud } from "#scripts/local/cloud";
import { invocations, startFixtureCloud, token } from "./support.ts";

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startFixtureCloud({ authorizerCacheTtlSeconds: 0 });
});

afterAll(async () => {
  await cloud?.stop();
});

it("invokes the authorizer on every request when the cache TTL is 0", async () => {
  const allow = token("allow");

  for (let i = 0; i < 3; i++) {
    const response = await fetch(`${cloud.urls.api}/api/fixture/echo`, { headers: { authorization: allow } });
    expect(response.status).toBe(200);
  }

  expect(await invocations(cloud, "AUTHZ", allow)).toBe(3);
});
