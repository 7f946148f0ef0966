import { describe, expect, it } from "vitest";
import { creditGrantBody, newTenantBody } from "./tenant-form.ts";

describe("a new tenant's body", () => {
  it("is the name alone when no admin is given", () => {
    expect(newTenantBody({ name: "  Acme ", adminName: "", adminEmail: " " })).toEqual({ name: "Acme" });
  });

  it("carries the first admin when either admin field is filled, both sent as typed", () => {
    expect(newTenantBody({ name: "Acme", adminName: "Ada", adminEmail: "ada@example.com" })).toEqual({
      name: "Acme",
      admin: { name: "Ada", email: "ada@example.com" },
    });
    expect(newTenantBody({ name: "Acme", adminEmail: "ada@example.com" })).toEqual({
      name: "Acme",
      admin: { name: "", email: "ada@example.com" },
    });
  });
});

describe("a credit grant's body", () => {
  it("reads a whole amount and trims the reason", () => {
    expect(creditGrantBody({ amount: " 250 ", reason: " Pilot " })).toEqual({ amount: 250, reason: "Pilot" });
  });

  it("turns an amount that is not a whole number into 0, which the API refuses", () => {
    expect(creditGrantBody({ amount: "2.5", reason: "x" }).amount).toBe(0);
    expect(creditGrantBody({ amount: "ten", reason: "x" }).amount).toBe(0);
    expect(creditGrantBody({ reason: "x" }).amount).toBe(0);
  });
});
