import { describe, expect, it } from "vitest";
import { assignableReviewers, type StaffMember, signInInstructions } from "./staff-roster.ts";

const member = (id: string, name: string, extra: Partial<StaffMember> = {}): StaffMember => ({
  id,
  name,
  email: `${id}@example.com`,
  role: "reviewer",
  status: "active",
  tenantId: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  ...extra,
});

describe("the reviewer picker", () => {
  it("offers active reviewers not yet assigned, by name", () => {
    const staff = [
      member("z", "Zoe"),
      member("a", "Ann"),
      member("s", "Sam", { status: "suspended" }),
      member("root", "Root", { role: "super_admin" }),
      member("t", "Tom"),
    ];
    expect(assignableReviewers(staff, ["t"]).map((user) => user.id)).toEqual(["a", "z"]);
  });
});

describe("how new staff sign in", () => {
  it("names the login page, the e-mail and where the role lands", () => {
    const text = signInInstructions(
      {
        id: "1",
        name: "Rita",
        email: "rita@example.com",
        role: "reviewer",
        tenantId: null,
        status: "active",
      },
      "https://portal.example.com",
    );
    expect(text).toContain("https://portal.example.com/login");
    expect(text).toContain("rita@example.com");
    expect(text).toContain("review queue");
    const admin = signInInstructions(
      {
        id: "2",
        name: "Sam",
        email: "sam@example.com",
        role: "super_admin",
        tenantId: null,
        status: "active",
      },
      "https://portal.example.com",
    );
    expect(admin).toContain("administration pages");
  });
});
