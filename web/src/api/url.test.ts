import { describe, expect, it } from "vitest";
import { routeUrl } from "./url.ts";

describe("routeUrl", () => {
  it("fills and encodes path parameters and drops empty query values", () => {
    expect(
      routeUrl(
        "/api/dm/v1/tenants/{tenantId}/content/{contentId}/diff",
        { tenantId: "a b", contentId: "01J" },
        { from: 1, to: 2, status: undefined, type: "" },
      ),
    ).toBe("/api/dm/v1/tenants/a%20b/content/01J/diff?from=1&to=2");
  });

  it("refuses a missing parameter instead of calling a wrong URL", () => {
    expect(() => routeUrl("/api/tenant/v1/content/{contentId}", {}, undefined)).toThrow(/contentId/);
    expect(() => routeUrl("/api/tenant/v1/content/{contentId}", { contentId: "" }, undefined)).toThrow();
  });

  it("keeps a template without parameters as it is", () => {
    expect(routeUrl("/api/tenant/v1/live", undefined, undefined)).toBe("/api/tenant/v1/live");
  });
});
