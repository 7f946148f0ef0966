import { describe, expect, it } from "vitest";
import { clientAddressOf, ORIGIN_VERIFIED, parseViewerAddress } from "./client-address.ts";
import { httpEvent } from "./testing/events.ts";

describe("parseViewerAddress", () => {
  it.each([
    ["198.51.100.10:46532", "198.51.100.10"],
    ["2001:db8::1:443", "2001:db8::1"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["::1:54321", "::1"],
    ["::ffff:192.0.2.1:1", "::ffff:192.0.2.1"],
  ])("reads %s as %s", (value, ip) => {
    expect(parseViewerAddress(value)).toBe(ip);
  });

  it.each([
    undefined,
    "",
    "198.51.100.10",
    "198.51.100.10:",
    "198.51.100.10:port",
    "198.51.100.10:65536",
    "198.51.100.10:123456",
    "example.com:443",
    "198.51.100.10, 203.0.113.5:443",
    "[198.51.100.10:443",
    "[2001:db8::1:443]",
    "999.1.1.1:443",
    " 198.51.100.10:443",
  ])("refuses %j", (value) => {
    expect(parseViewerAddress(value)).toBeUndefined();
  });
});

describe("clientAddressOf", () => {
  const routeKey = "POST /api/auth/v1/login";
  const viewer = { "cloudfront-viewer-address": "203.0.113.7:50123" };

  it("takes CloudFront's viewer address on a request the authorizer verified", () => {
    const event = httpEvent({ routeKey, headers: viewer, authorizer: { origin: ORIGIN_VERIFIED } });
    expect(clientAddressOf(event)).toEqual({ ip: "203.0.113.7", source: "viewer" });
  });

  it("ignores a viewer address a client set on a request the authorizer did not verify", () => {
    expect(clientAddressOf(httpEvent({ routeKey, headers: viewer }))).toEqual({
      ip: "127.0.0.1",
      source: "socket",
    });
    const signedIn = httpEvent({ routeKey, headers: viewer, authorizer: { userId: "u1" } });
    expect(clientAddressOf(signedIn).source).toBe("socket");
  });

  it("falls back to the edge's address when a verified request's viewer address is missing or malformed", () => {
    const cases: Record<string, string>[] = [{}, { "cloudfront-viewer-address": "not-an-address" }];
    for (const headers of cases) {
      const event = httpEvent({ routeKey, headers, authorizer: { origin: ORIGIN_VERIFIED } });
      expect(clientAddressOf(event)).toEqual({ ip: "127.0.0.1", source: "fallback" });
    }
  });
});
