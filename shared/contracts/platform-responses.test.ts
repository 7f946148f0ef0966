import { describe, expect, it } from "vitest";
import { listRoutes } from "#shared/platform/declaration/validate";
import { platform } from "./platform.ts";

describe("every declared route", () => {
  it("declares its success body (`response`): the API reference, the portal's client and the handler's type all read it", () => {
    const without = listRoutes(platform)
      .filter(({ route }) => route.response === undefined)
      .map(({ key }) => key);
    expect(without).toEqual([]);
  });
});
