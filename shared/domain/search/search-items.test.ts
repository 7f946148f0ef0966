import { describe, expect, it } from "vitest";
import { ValidationError } from "#shared/domain/errors";
import { requestOf } from "./search-items.ts";

describe("requestOf", () => {
  it("matches the text over titles and bodies with highlights and counts by type and status", () => {
    const request = requestOf({ q: "spring campain" });
    expect(request.text).toEqual({ query: "spring campain", fields: ["title^3", "body"] });
    expect(request.highlight).toEqual(["title", "body"]);
    expect(request.countBy).toEqual(["type", "status"]);
    expect(request.filters).toEqual([]);
  });

  it("filters by type, status and a creation range where a whole date includes the day", () => {
    const request = requestOf({
      q: "x",
      type: "content",
      status: "approved",
      from: "2026-01-01",
      to: "2026-01-31",
    });
    expect(request.filters).toEqual([
      { field: "type", equals: "content" },
      { field: "status", equals: "approved" },
      { field: "createdAt", range: { gte: "2026-01-01T00:00:00.000Z", lte: "2026-01-31T23:59:59.999Z" } },
    ]);
  });

  it("refuses from after to with a validation error (400)", () => {
    expect(() => requestOf({ q: "x", from: "2026-02-01", to: "2026-01-01" })).toThrow(ValidationError);
  });

  it("refuses a date that is not one", () => {
    expect(() => requestOf({ q: "x", from: "2026-13-45" })).toThrow(ValidationError);
  });
});
