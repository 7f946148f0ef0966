import { ProvisionedThroughputExceededException } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import {
  DependencyUnavailableError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  StaleVersionError,
  UnauthorizedError,
  ValidationError,
} from "#shared/domain/errors";
import { mapError } from "./error-mapper.ts";
import {
  MalformedJsonError,
  MethodNotAllowedError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from "./errors.ts";

describe("mapError", () => {
  it.each([
    [new ValidationError("bad"), 400, "VALIDATION_ERROR"],
    [new MalformedJsonError("bad json"), 400, "MALFORMED_JSON"],
    [new UnauthorizedError("who"), 401, "UNAUTHORIZED"],
    [new ForbiddenError("no"), 403, "FORBIDDEN"],
    [new NotFoundError("gone"), 404, "NOT_FOUND"],
    [new MethodNotAllowedError("no", ["GET"]), 405, "METHOD_NOT_ALLOWED"],
    [new StaleVersionError("stale"), 409, "DATA.STALE_VERSION"],
    [new PayloadTooLargeError("big"), 413, "PAYLOAD_TOO_LARGE"],
    [new UnsupportedMediaTypeError("xml"), 415, "UNSUPPORTED_MEDIA_TYPE"],
    [new RateLimitedError("slow down", 30), 429, "RATE_LIMITED"],
    [new DependencyUnavailableError("down"), 503, "DEPENDENCY_UNAVAILABLE"],
  ])("maps %s to %i in the standard shape", (error, status, code) => {
    const mapped = mapError(error, "req-1", { production: false });
    expect(mapped.statusCode).toBe(status);
    expect(mapped.body.error).toMatchObject({ code, message: error.message, requestId: "req-1" });
  });

  it("hides the message of anything that is not an application error", () => {
    const mapped = mapError(new Error("connection string postgres://secret"), "req-2", { production: false });
    expect(mapped).toMatchObject({ statusCode: 500, fault: true });
    expect(mapped.body).toEqual({
      error: { code: "INTERNAL_ERROR", message: "Internal server error", requestId: "req-2" },
    });
  });

  it("answers an AWS service that still throttles after the SDK's retries with 503, its message hidden", () => {
    const throttled = new ProvisionedThroughputExceededException({
      message: "Rate of requests exceeds the allowed throughput on table secret-table-name",
      $metadata: {},
    });
    const mapped = mapError(throttled, "req-3", { production: true });
    expect(mapped).toMatchObject({ statusCode: 503, fault: true });
    expect(mapped.body.error).toMatchObject({ code: "DEPENDENCY_UNAVAILABLE", requestId: "req-3" });
    expect(JSON.stringify(mapped.body)).not.toContain("secret-table-name");
  });

  it("sets Retry-After on 429 and Allow on 405", () => {
    expect(mapError(new RateLimitedError("x", 12.2), "r", { production: true }).headers).toEqual({
      "retry-after": "13",
    });
    expect(
      mapError(new MethodNotAllowedError("x", ["GET", "POST"]), "r", { production: true }).headers,
    ).toEqual({
      allow: "GET, POST",
    });
  });

  it("lists field paths and messages outside production, and only top-level fields in production", () => {
    const error = new ValidationError("invalid", [
      { in: "body", path: "address.city", message: "Invalid input: expected string, received number" },
      { in: "body", path: "address.zip", message: "Too small" },
    ]);
    expect(mapError(error, "r", { production: false }).body.error.fields).toEqual([
      { in: "body", path: "address.city", message: "Invalid input: expected string, received number" },
      { in: "body", path: "address.zip", message: "Too small" },
    ]);
    const prod = mapError(error, "r", { production: true }).body.error.fields;
    expect(prod).toEqual([{ in: "body", message: 'body field "address" is invalid' }]);
    expect(JSON.stringify(prod)).not.toContain("city");
  });
});
