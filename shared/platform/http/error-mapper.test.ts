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
    const mapped = mapError(error, "req-1");
    expect(mapped.statusCode).toBe(status);
    expect(mapped.body.error).toMatchObject({ code, message: error.message, requestId: "req-1" });
  });

  it("hides the message of anything that is not an application error", () => {
    const mapped = mapError(new Error("connection string postgres://secret"), "req-2");
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
    const mapped = mapError(throttled, "req-3");
    expect(mapped).toMatchObject({ statusCode: 503, fault: true });
    expect(mapped.body.error).toMatchObject({ code: "DEPENDENCY_UNAVAILABLE", requestId: "req-3" });
    expect(JSON.stringify(mapped.body)).not.toContain("secret-table-name");
  });

  it("sets Retry-After on 429 and Allow on 405", () => {
    expect(mapError(new RateLimitedError("x", 12.2), "r").headers).toEqual({
      "retry-after": "13",
    });
    expect(mapError(new MethodNotAllowedError("x", ["GET", "POST"]), "r").headers).toEqual({
      allow: "GET, POST",
    });
  });

  it("lists each validation problem with its path and message, as raised", () => {
    const error = new ValidationError("invalid", [
      { in: "body", path: "address.city", message: "Must be text" },
      { in: "body", path: "address.zip", message: "Must not be empty" },
    ]);
    expect(mapError(error, "r").body.error.fields).toEqual([
      { in: "body", path: "address.city", message: "Must be text" },
      { in: "body", path: "address.zip", message: "Must not be empty" },
    ]);
  });
});
