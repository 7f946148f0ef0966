import { describe, expect, it } from "vitest";
import { describeActor, describeDetails, describeTarget, describeType } from "./audit-format.ts";

describe("an audit entry as a person reads it", () => {
  it("names the type in words", () => {
    expect(describeType("credits.granted")).toBe("Credits granted");
    expect(describeType("review-policy.changed")).toBe("Review policy changed");
    expect(describeType("content.changes-requested")).toBe("Content changes requested");
  });

  it("names the actor by role and name, by id when the user is gone, or says nobody was signed in", () => {
    expect(describeActor({ userId: "U1", role: "super_admin", name: "Sam Super" })).toBe(
      "Super-admin Sam Super",
    );
    expect(describeActor({ userId: "U1", role: "super_admin" })).toBe("Super-admin U1");
    expect(describeActor({ userId: "U2", role: "admin" })).toBe("Tenant admin U2");
    expect(describeActor(undefined)).toBe("Nobody signed in");
  });

  it("names the target by e-mail first, then user, with its tenant", () => {
    expect(describeTarget({ userId: "U1", email: "a@example.com" })).toBe("a@example.com");
    expect(describeTarget({ userId: "U1", tenantId: "T1" })).toBe("user U1, tenant T1");
    expect(describeTarget({ tenantId: "T1" })).toBe("tenant T1");
    expect(describeTarget({ userId: "U1", userName: "Ada", email: "a@example.com" })).toBe(
      "Ada <a@example.com>",
    );
    expect(describeTarget({ userId: "U1", userName: "Ada", tenantId: "T1", tenantName: "Acme" })).toBe(
      "Ada, Acme",
    );
    expect(describeTarget({ tenantId: "T1", tenantName: "Acme" })).toBe("Acme");
    expect(describeTarget({})).toBe("—");
    expect(describeTarget(undefined)).toBe("—");
  });

  it("writes each detail as words and its value, in the order recorded", () => {
    expect(describeDetails({ messagesToMove: 3, deadLetterQueue: "q-dlq", ok: true })).toEqual([
      "messages to move: 3",
      "dead letter queue: q-dlq",
      "ok: true",
    ]);
    expect(describeDetails(undefined)).toEqual([]);
  });
});
