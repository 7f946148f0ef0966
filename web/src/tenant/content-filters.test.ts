import { describe, expect, it } from "vitest";
import { filtersOf, listQuery, searchOf } from "./content-filters.ts";

describe("content filters", () => {
  it("round-trips through the URL, keeping only what is set", () => {
    const filters = { type: "blog-post", status: "", from: "2026-12-01", to: "" };
    const search = searchOf(filters);
    expect(search.toString()).toBe("type=blog-post&from=2026-12-01");
    expect(filtersOf(search)).toEqual(filters);
  });

  it("turns creation days into the instants they start and end in the time zone", () => {
    expect(
      listQuery({ type: "", status: "approved", from: "2026-12-01", to: "2026-12-31" }, "Asia/Kolkata", {
        limit: 25,
      }),
    ).toEqual({
      limit: 25,
      status: "approved",
      from: "2026-11-30T18:30:00.000Z",
      to: "2026-12-31T18:29:59.999Z",
    });
  });

  it("passes the cursor and ignores a malformed day", () => {
    expect(
      listQuery({ type: "", status: "", from: "yesterday", to: "" }, "UTC", { limit: 10, cursor: "abc" }),
    ).toEqual({ limit: 10, cursor: "abc" });
  });
});
