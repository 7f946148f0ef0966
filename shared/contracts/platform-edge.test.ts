import { describe, expect, it } from "vitest";
import { EDGE, frontDoorProblems, ORIGIN_IDENTITY_SOURCE } from "#shared/platform/declaration/edge";
import { platform } from "./platform.ts";

const withoutFrontDoor = {
  authorizer: { identitySource: ["$request.header.Authorization"], bindings: { secrets: ["keys"] } },
  secrets: [{ name: "keys", localValue: "es256-jwk-set" }],
};

describe("a front door", () => {
  it("is what the platform declares, whole", () => {
    expect(frontDoorProblems(platform)).toEqual([]);
    expect(platform.authorizer.publicIdentitySource).toEqual([ORIGIN_IDENTITY_SOURCE]);
  });

  it("is not required: a declaration with no part of one has no problem", () => {
    expect(frontDoorProblems(withoutFrontDoor)).toEqual([]);
  });

  it("is refused half built: an origin secret without the identity sources and the binding", () => {
    const problems = frontDoorProblems({
      ...withoutFrontDoor,
      secrets: [
        ...withoutFrontDoor.secrets,
        { name: EDGE.originSecret, localValue: "origin-secret", readAtTheEdge: true },
      ],
    });
    expect(problems).toEqual([
      `a front door needs ${ORIGIN_IDENTITY_SOURCE} in the authorizer's identity source`,
      `a front door needs the public routes' identity source to be exactly ${ORIGIN_IDENTITY_SOURCE}`,
      `a front door needs the authorizer bound to the secret "${EDGE.originSecret}"`,
    ]);
  });

  it("is refused with a public identity source but no origin secret to check it against", () => {
    const problems = frontDoorProblems({
      ...withoutFrontDoor,
      authorizer: {
        identitySource: [...withoutFrontDoor.authorizer.identitySource, ORIGIN_IDENTITY_SOURCE],
        publicIdentitySource: [ORIGIN_IDENTITY_SOURCE],
        bindings: { secrets: ["keys", EDGE.originSecret] },
      },
    });
    expect(problems).toEqual([
      `a front door needs the secret "${EDGE.originSecret}" as an origin secret read at the edge`,
    ]);
  });
});
