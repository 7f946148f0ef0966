import { describe, expect, it } from "vitest";
import { reviewerActions, statusLabel, statusMeaning, statusTone, tenantActions } from "./status.ts";

describe("status wording", () => {
  it("says in plain words who acts next", () => {
    expect(statusLabel("in_tenant_review")).toBe("Waiting for you");
    expect(statusLabel("generating")).toBe("Being written");
    expect(statusMeaning("in_review")).toMatch(/reviewer/);
    expect(statusTone("changes_requested")).toBe("danger");
    expect(statusTone("archived")).toBe("neutral");
  });
});

describe("tenantActions", () => {
  it("lets an admin decide only on an item waiting for the tenant", () => {
    expect(tenantActions("in_tenant_review", true)).toEqual([
      "approve",
      "request-changes",
      "edit",
      "archive",
    ]);
    expect(tenantActions("in_review", true)).toEqual(["archive"]);
  });

  it("schedules approved items and unschedules scheduled ones", () => {
    expect(tenantActions("approved", true)).toEqual(["schedule", "archive"]);
    expect(tenantActions("scheduled", true)).toEqual(["schedule", "unschedule", "archive"]);
  });

  it("offers nothing on an archived item, and nothing to a member", () => {
    expect(tenantActions("archived", true)).toEqual([]);
    expect(tenantActions("in_tenant_review", false)).toEqual([]);
  });
});

describe("reviewerActions", () => {
  it("approves only what waits for a reviewer, and edits while a decision is open", () => {
    expect(reviewerActions("in_review")).toEqual(["approve", "request-changes", "edit"]);
    expect(reviewerActions("changes_requested")).toEqual(["request-changes", "edit"]);
    expect(reviewerActions("in_tenant_review")).toEqual(["edit"]);
    expect(reviewerActions("generating")).toEqual([]);
    expect(reviewerActions("approved")).toEqual([]);
  });
});
