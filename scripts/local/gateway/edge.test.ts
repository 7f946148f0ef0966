import { describe, expect, it } from "vitest";
import { parseViewerAddress } from "#shared/platform/http/client-address";
import { viewerAddressOf } from "./edge.ts";

describe("the local edge's viewer address", () => {
  it.each([
    ["127.0.0.2", 50123, "127.0.0.2:50123", "127.0.0.2"],
    ["::ffff:127.0.0.2", 50123, "127.0.0.2:50123", "127.0.0.2"],
    ["::1", 443, "::1:443", "::1"],
    ["2001:db8::7", 1, "2001:db8::7:1", "2001:db8::7"],
  ])(
    "writes %s port %d as CloudFront does (%s), which the kit reads back as %s",
    (address, port, written, ip) => {
      expect(viewerAddressOf(address, port)).toBe(written);
      expect(parseViewerAddress(written)).toBe(ip);
    },
  );
});
