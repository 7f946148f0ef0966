import { describe, expect, it } from "vitest";
import { EDGE } from "./declaration/edge.ts";
import { envNames } from "./declaration/environment.ts";
import { matchOrigin, newOriginSecret, originSecretValue } from "./origin-secret.ts";

const first = newOriginSecret();
const rotated = newOriginSecret(first);

describe("the origin secret", () => {
  it("matches the current value, and after a rotation the previous one too", () => {
    expect(matchOrigin(first.current, first)).toBe("current");
    expect(matchOrigin(rotated.current, rotated)).toBe("current");
    expect(matchOrigin(first.current, rotated)).toBe("previous");
  });

  it("matches nothing for a missing, empty, wrong, truncated or padded header", () => {
    for (const header of [undefined, "", "wrong", first.current.slice(0, -1), `${first.current} `]) {
      expect(matchOrigin(header, rotated)).toBeUndefined();
    }
  });

  it("forgets the value before the previous one after a second rotation", () => {
    const twice = newOriginSecret(rotated);
    expect(matchOrigin(first.current, twice)).toBeUndefined();
    expect(matchOrigin(rotated.current, twice)).toBe("previous");
  });

  it("makes 64 header-safe characters, and refuses a value too short to be a secret", () => {
    expect(first.current).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(originSecretValue.safeParse({ current: "short" }).success).toBe(false);
    expect(originSecretValue.safeParse({ previous: first.current }).success).toBe(false);
  });

  it("is found by the authorizer under the variable its binding sets", () => {
    expect(envNames.secretId(EDGE.originSecret)).toBe("SECRET_ID_ORIGIN_VERIFY");
  });
});
