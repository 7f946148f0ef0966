import { describe, expect, it } from "vitest";
import { matchOrigin, newOriginSecret } from "#shared/platform/origin-secret";
import { ORIGIN_ROTATION_MIN_INTERVAL_MS, rotateOriginValue } from "./rotate-origin-secret.ts";
import { RotationTooSoonError } from "./secret-rotation.ts";

const t0 = new Date("2026-12-05T10:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);

describe("rotateOriginValue", () => {
  it("rotates the value made at deploy at once: a new current, the old one kept as previous", () => {
    const deployed = newOriginSecret();
    const next = rotateOriginValue(deployed, { now: t0 });
    expect(next.previous).toBe(deployed.current);
    expect(next.current).not.toBe(deployed.current);
    expect(next.rotatedAt).toBe(t0.toISOString());
    expect(matchOrigin(deployed.current, next)).toBe("previous");
  });

  it("drops the value before the previous one", () => {
    const deployed = newOriginSecret();
    const once = rotateOriginValue(deployed, { now: t0 });
    const twice = rotateOriginValue(once, { now: later(ORIGIN_ROTATION_MIN_INTERVAL_MS) });
    expect(matchOrigin(deployed.current, twice)).toBeUndefined();
    expect(matchOrigin(once.current, twice)).toBe("previous");
  });

  it("refuses a second rotation within the interval, unless forced", () => {
    const once = rotateOriginValue(newOriginSecret(), { now: t0 });
    expect(() => rotateOriginValue(once, { now: later(60_000) })).toThrow(RotationTooSoonError);
    expect(rotateOriginValue(once, { now: later(60_000), force: true }).previous).toBe(once.current);
  });
});
