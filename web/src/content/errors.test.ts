import { describe, expect, it } from "vitest";
import { apiErrorOf } from "../api/errors.ts";
import { errorsUnder, isContentMoved, isNotFound } from "./errors.ts";

const failure = (status: number, code: string, fields?: unknown[]) =>
  apiErrorOf(status, { error: { code, message: "m", requestId: "r", ...(fields ? { fields } : {}) } });

describe("isNotFound", () => {
  it("treats a 404 and a malformed content id as not found", () => {
    expect(isNotFound(failure(404, "CONTENT.NOT_FOUND"))).toBe(true);
    expect(isNotFound(failure(404, "NOT_FOUND"))).toBe(true);
    expect(
      isNotFound(failure(400, "VALIDATION_ERROR", [{ in: "params", path: "contentId", message: "bad" }])),
    ).toBe(true);
  });

  it("does not hide other failures", () => {
    expect(isNotFound(failure(500, "INTERNAL_ERROR"))).toBe(false);
    expect(isNotFound(failure(400, "VALIDATION_ERROR", [{ in: "query", path: "to", message: "x" }]))).toBe(
      false,
    );
    expect(isNotFound(new TypeError("offline"))).toBe(false);
  });
});

describe("isContentMoved", () => {
  it("recognises only the stale-version conflict", () => {
    expect(isContentMoved(failure(409, "CONTENT.MOVED"))).toBe(true);
    expect(isContentMoved(failure(409, "CONTENT.ILLEGAL_TRANSITION"))).toBe(false);
  });
});

describe("errorsUnder", () => {
  it("keys a nested body's errors by their path below the prefix", () => {
    const error = failure(400, "VALIDATION_ERROR", [
      { in: "body", path: "body.posts.0.text", message: "Too long" },
      { in: "body", path: "body.posts.0.text", message: "Second message" },
      { in: "body", path: "body.title", message: "Too short" },
      { in: "body", path: "version", message: "Not a number" },
      { in: "body", path: "(root)", message: "Must be an object" },
    ]);
    expect(errorsUnder(error, "body")).toEqual({
      byPath: { "posts.0.text": "Too long", title: "Too short" },
      other: ["version: Not a number", "Must be an object"],
    });
  });

  it("is empty for anything but an API error", () => {
    expect(errorsUnder(new Error("x"), "body")).toEqual({ byPath: {}, other: [] });
  });
});
