import * as crypto from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import {
  dummyVerify,
  hashPassword,
  needsRehash,
  PASSWORD_POLICY,
  passwordSchema,
  SCRYPT_KEY_LENGTH,
  SCRYPT_MAX_MEMORY,
  SCRYPT_PARAMS,
  SCRYPT_SALT_LENGTH,
  verifyPassword,
} from "./password.ts";

// The real scrypt, wrapped in a spy, so a test can see which parameters a verification used.
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, scrypt: vi.fn(actual.scrypt) };
});

const PASSWORD = "correct horse battery staple";

/** A stored hash made outside the module (with scryptSync), so the format itself is pinned. */
function encodeWith(password: string, params: { N: number; r: number; p: number }): string {
  const salt = crypto.randomBytes(16);
  const key = crypto.scryptSync(password, salt, 32, { ...params, maxmem: SCRYPT_MAX_MEMORY });
  return `scrypt$v=1$N=${params.N},r=${params.r},p=${params.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

describe("hashPassword and verifyPassword", () => {
  it("verify the password that was hashed and refuse another", async () => {
    const encoded = await hashPassword(PASSWORD);
    expect(await verifyPassword(PASSWORD, encoded)).toBe(true);
    expect(await verifyPassword(`${PASSWORD}!`, encoded)).toBe(false);
    expect(await verifyPassword("Correct horse battery staple", encoded)).toBe(false);
  });

  it("write a self-describing hash with the current parameters and a fresh salt each time", async () => {
    const [first, second] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
    expect(first).toMatch(/^scrypt\$v=1\$N=32768,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(first).not.toBe(second);
    const [, , , salt, key] = first.split("$");
    expect(Buffer.from(salt ?? "", "base64url")).toHaveLength(SCRYPT_SALT_LENGTH);
    expect(Buffer.from(key ?? "", "base64url")).toHaveLength(SCRYPT_KEY_LENGTH);
  });

  it("verify a password typed in another Unicode normalization form", async () => {
    const composed = "pässwörd-long-enough";
    const decomposed = composed.normalize("NFD");
    expect(decomposed).not.toBe(composed);
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });

  it("verify a hash made with other parameters, using the parameters it carries", async () => {
    const older = encodeWith(PASSWORD, { N: 2 ** 14, r: 8, p: 1 });
    expect(await verifyPassword(PASSWORD, older)).toBe(true);
    expect(await verifyPassword("not the password", older)).toBe(false);
  });

  it("answer false for a password over the byte limit without hashing it", async () => {
    const encoded = await hashPassword(PASSWORD);
    const scrypt = vi.mocked(crypto.scrypt);
    scrypt.mockClear();
    expect(await verifyPassword("x".repeat(PASSWORD_POLICY.maxBytes + 1), encoded)).toBe(false);
    expect(scrypt).not.toHaveBeenCalled();
  });

  it("refuse to hash a password outside the policy", async () => {
    await expect(hashPassword("short")).rejects.toThrow(/outside the policy/);
    await expect(hashPassword("x".repeat(PASSWORD_POLICY.maxBytes + 1))).rejects.toThrow(
      /outside the policy/,
    );
  });

  it("throw on a stored hash that cannot be read, since that is our fault and not the user's", async () => {
    const good = await hashPassword(PASSWORD);
    const [, , , salt, key] = good.split("$");
    const malformed = [
      "",
      "not a hash",
      "bcrypt$v=1$N=32768,r=8,p=1$abc$def",
      `scrypt$v=2$N=32768,r=8,p=1$${salt}$${key}`,
      `scrypt$v=1$N=32768,r=8$${salt}$${key}`,
      `scrypt$v=1$N=30000,r=8,p=1$${salt}$${key}`,
      `scrypt$v=1$N=1048576,r=8,p=1$${salt}$${key}`,
      `scrypt$v=1$N=32768,r=8,p=1$${salt}$`,
      `scrypt$v=1$N=32768,r=8,p=1$${salt}$${key}$extra`,
      `scrypt$v=1$N=32768,r=8,p=1$AAAA$${key}`,
      `scrypt$v=1$N=32768,r=8,p=1$${salt}$not+base64/url`,
    ];
    for (const encoded of malformed) {
      await expect(verifyPassword(PASSWORD, encoded), encoded).rejects.toThrow(/Stored password hash/);
      expect(() => needsRehash(encoded), encoded).toThrow(/Stored password hash/);
    }
  });
});

describe("needsRehash", () => {
  it("is false for a hash made with the current parameters", async () => {
    expect(needsRehash(await hashPassword(PASSWORD))).toBe(false);
  });

  it("is true when any stored parameter differs from the current ones", () => {
    expect(needsRehash(encodeWith(PASSWORD, { N: 2 ** 14, r: 8, p: 1 }))).toBe(true);
    expect(needsRehash(encodeWith(PASSWORD, { N: 2 ** 15, r: 4, p: 1 }))).toBe(true);
    expect(needsRehash(encodeWith(PASSWORD, { N: 2 ** 13, r: 8, p: 2 }))).toBe(true);
  });
});

describe("passwordSchema", () => {
  it("refuses 11 characters and accepts 12", () => {
    expect(passwordSchema.safeParse("a".repeat(11)).success).toBe(false);
    expect(passwordSchema.safeParse("a".repeat(12)).success).toBe(true);
  });

  it("counts code points, so 12 emoji (48 bytes, 24 UTF-16 units) are 12 characters", () => {
    const emoji = "🔒".repeat(12);
    expect(Buffer.byteLength(emoji)).toBe(48);
    expect(passwordSchema.safeParse(emoji).success).toBe(true);
    expect(passwordSchema.safeParse("🔒".repeat(11)).success).toBe(false);
  });

  it("counts characters after NFC, so a decomposed accent is one character", () => {
    const elevenComposed = "é".repeat(11);
    const decomposed = elevenComposed.normalize("NFD");
    expect([...decomposed]).toHaveLength(22);
    expect(passwordSchema.safeParse(decomposed).success).toBe(false);
    expect(passwordSchema.parse(`${decomposed}x`)).toBe(`${elevenComposed}x`);
  });

  it("refuses more than 1024 UTF-8 bytes, and accepts exactly 1024", () => {
    expect(passwordSchema.safeParse("a".repeat(1024)).success).toBe(true);
    expect(passwordSchema.safeParse("a".repeat(1025)).success).toBe(false);
    // 342 × 3 bytes = 1026: under 1024 UTF-16 units, over 1024 bytes.
    expect(passwordSchema.safeParse("€".repeat(342)).success).toBe(false);
    expect(passwordSchema.safeParse("x".repeat(1_000_000)).error?.issues).toHaveLength(1);
  });
});

describe("dummyVerify", () => {
  it("runs scrypt with the current parameters and answers false", async () => {
    const scrypt = vi.mocked(crypto.scrypt);
    scrypt.mockClear();
    expect(await dummyVerify(PASSWORD)).toBe(false);
    expect(scrypt).toHaveBeenCalledTimes(1);
    const [password, salt, keyLength, options] = scrypt.mock.calls[0] ?? [];
    expect(password).toBe(PASSWORD);
    expect(Buffer.isBuffer(salt) ? salt.length : undefined).toBe(SCRYPT_SALT_LENGTH);
    expect(keyLength).toBe(SCRYPT_KEY_LENGTH);
    expect(options).toMatchObject({ ...SCRYPT_PARAMS, maxmem: SCRYPT_MAX_MEMORY });
  });

  it("does the same scrypt work as a real verification", async () => {
    const encoded = await hashPassword(PASSWORD);
    const scrypt = vi.mocked(crypto.scrypt);
    scrypt.mockClear();
    await verifyPassword("a wrong password", encoded);
    await dummyVerify("a wrong password");
    const [real, dummy] = scrypt.mock.calls;
    expect(dummy?.[2]).toBe(real?.[2]);
    expect(dummy?.[3]).toEqual(real?.[3]);
  });
});
