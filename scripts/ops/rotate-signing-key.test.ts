import { describe, expect, it } from "vitest";
import { generateSigningKey } from "#shared/adapters/signing-keys-generate";
import { ROTATION_OVERLAP_MS, rotateKeySet } from "./rotate-signing-key.ts";
import { RotationTooSoonError } from "./secret-rotation.ts";

const t0 = new Date("2026-11-25T10:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);

describe("rotateKeySet", () => {
  it("starts a set of one key when there is none", () => {
    const { next, retired } = rotateKeySet(undefined, { now: t0 });
    expect(next.keys).toHaveLength(1);
    expect(retired).toEqual([]);
  });

  it("puts a new key first, keeps the current as previous and retires everything older", () => {
    const previous = generateSigningKey(later(-2 * ROTATION_OVERLAP_MS));
    const current = generateSigningKey(later(-ROTATION_OVERLAP_MS));
    const { next, retired } = rotateKeySet({ keys: [current, previous] }, { now: t0 });
    expect(next.keys.map((k) => k.kid)).toEqual([next.keys[0]?.kid, current.kid]);
    expect(next.keys[0]?.kid).not.toBe(current.kid);
    expect(retired).toEqual([previous.kid]);
  });

  it("refuses to rotate before the overlap has passed, unless forced", () => {
    const current = generateSigningKey(t0);
    expect(() => rotateKeySet({ keys: [current] }, { now: later(60_000) })).toThrow(RotationTooSoonError);
    expect(rotateKeySet({ keys: [current] }, { now: later(60_000), force: true }).next.keys).toHaveLength(2);
  });
});
