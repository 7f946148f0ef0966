import { describe, expect, it } from "vitest";
import { ApiError, apiErrorOf, describeError, fieldMessages, withItsPath } from "./errors.ts";

describe("apiErrorOf", () => {
  it("reads the platform's error shape, fields keyed by their first path segment", () => {
    const error = apiErrorOf(400, {
      error: {
        code: "VALIDATION_ERROR",
        message: "Invalid request",
        requestId: "req-1",
        fields: [
          { in: "body", path: "email", message: "Invalid email" },
          { in: "body", path: "voice.tone", message: "Too long" },
        ],
      },
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.requestId).toBe("req-1");
    expect(fieldMessages(error)).toEqual({ email: "Invalid email", voice: "Too long" });
  });

  it("keys a problem of the whole body to no field, and says a problem with its path where no field shows it", () => {
    const error = apiErrorOf(400, {
      error: {
        code: "VALIDATION_ERROR",
        message: "The request is invalid",
        requestId: "r",
        fields: [
          { in: "body", path: "(root)", message: "Must be an object" },
          { in: "body", path: "voice.tone", message: "Must be text" },
        ],
      },
    });
    expect(error.fields.map((f) => f.field)).toEqual(["", "voice"]);
    expect(error.fields.map(withItsPath)).toEqual(["Must be an object", "voice.tone: Must be text"]);
  });

  it("understands API Gateway's own bodies by status, with the request id from the header", () => {
    const unauthorized = apiErrorOf(401, { message: "Unauthorized" }, "gw-1");
    expect(unauthorized.code).toBe("UNAUTHORIZED");
    expect(unauthorized.endsSession).toBe(true);
    expect(unauthorized.requestId).toBe("gw-1");
    expect(unauthorized.message).toMatch(/sign in again/);
    const forbidden = apiErrorOf(403, { message: "Forbidden" });
    expect(forbidden.code).toBe("FORBIDDEN");
    expect(forbidden.endsSession).toBe(false);
    expect(apiErrorOf(429, { message: "Too Many Requests" }).code).toBe("RATE_LIMITED");
  });

  it("survives a body that is not JSON or not an object", () => {
    expect(apiErrorOf(502, undefined).code).toBe("BAD_GATEWAY");
    expect(apiErrorOf(418, ["x"]).code).toBe("ERROR");
    expect(apiErrorOf(418, ["x"]).message).toMatch(/418/);
  });
});

describe("describeError", () => {
  it("tells a network failure from an answer", () => {
    expect(describeError(new TypeError("Failed to fetch"))).toMatch(/network/i);
    expect(describeError(new ApiError(409, "CONTENT.MOVED", "Moved on", "r"))).toBe("Moved on");
    expect(describeError(new Error("x"))).toMatch(/went wrong/);
  });
});
