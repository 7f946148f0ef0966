import { decodeTime, isValid } from "ulid";
import { describe, expect, it } from "vitest";
import { ulid } from "./ulid.ts";

describe("ulid", () => {
  it("mints valid, distinct ids carrying the given time, past many refills of its pool", () => {
    const at = Date.parse("2026-12-06T09:00:00Z");
    const ids = Array.from({ length: 2000 }, () => ulid(at));
    for (const id of ids) {
      expect(isValid(id)).toBe(true);
      expect(decodeTime(id)).toBe(at);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("spreads its random characters over the whole alphabet", () => {
    const characters = new Set(Array.from({ length: 500 }, () => ulid().slice(10)).join(""));
    expect(characters.size).toBe(32);
  });

  it("takes the current time by default", () => {
    const before = Date.now();
    const time = decodeTime(ulid());
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });
});
