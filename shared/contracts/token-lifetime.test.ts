import { describe, expect, it } from "vitest";
import { envNames } from "#shared/platform/declaration/environment";
import { authApi } from "./auth.routes.ts";
import { realtimeApi } from "./realtime.routes.ts";

describe("the access-token lifetime", () => {
  it("reaches the function that issues and revokes tokens and the one that bounds a socket by its token", () => {
    // auth: signs tokens and keeps a signed-out jti revoked; realtime: a ticket's connection ends with its token.
    expect(authApi.bindings.accessTokenTtl).toBe(true);
    expect(realtimeApi.bindings.accessTokenTtl).toBe(true);
    expect(envNames.accessTokenTtl).toBe("ACCESS_TOKEN_TTL_SECONDS");
  });
});
