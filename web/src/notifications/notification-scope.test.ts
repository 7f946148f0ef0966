import { describe, expect, it } from "vitest";
import { notificationLink, scopeOf } from "./notification-scope.ts";

describe("notificationLink", () => {
  it("leads a tenant to its content, or to the run when there is no content", () => {
    expect(notificationLink("tenant", { tenantId: "t1", contentId: "C1" })).toBe("/app/content/C1");
    expect(notificationLink("tenant", { tenantId: "t1", runId: "r/1" })).toBe("/app/runs/r%2F1");
  });

  it("leads staff to the review screen of the tenant's item, and nowhere for a bare run", () => {
    expect(notificationLink("staff", { tenantId: "acme", contentId: "C1" })).toBe(
      "/review/tenants/acme/content/C1",
    );
    expect(notificationLink("staff", { tenantId: "acme", runId: "r1" })).toBeUndefined();
  });

  it("reads tenant roles as the tenant audience and everyone else as staff", () => {
    expect(scopeOf("member")).toBe("tenant");
    expect(scopeOf("admin")).toBe("tenant");
    expect(scopeOf("reviewer")).toBe("staff");
    expect(scopeOf("super_admin")).toBe("staff");
  });
});
