import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";
import * as z from "zod/mini";

/** The cost parameters of one scrypt hash. */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelism. */
  p: number;
}

/**
 * The parameters new hashes use: N=2^15, r=8, p=1. Memory is 128·N·r = 32 MiB per hash; measured on
 * the 2-vCPU dev machine with Node 20: ~90 ms per hash or verification (87–97 ms over 30 runs). That is
 * below OWASP's recommendation for scrypt (N=2^17, 128 MiB), chosen to keep a login near 100 ms in a
 * small Lambda. Raising them is safe: each stored hash carries its own parameters, and `needsRehash`
 * tells the login flow to store a new hash once it holds the password.
 */
export const SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });
/** Bytes of derived key. */
export const SCRYPT_KEY_LENGTH = 32;
/** Bytes of random salt per hash. */
export const SCRYPT_SALT_LENGTH = 16;
/**
 * OpenSSL refuses scrypt when 128·r·(N+2) + 128·r·p bytes exceed `maxmem`; Node's default (32 MiB) is
 * just below what N=2^15, r=8 needs, so we allow 64 MiB. Raise it with N or r: N=2^16, r=8 needs just
 * over 64 MiB. Stored hashes that would need more are refused as unreadable.
 */
export const SCRYPT_MAX_MEMORY = 64 * 1024 * 1024;

/**
 * What a password must be. Length is counted in Unicode code points after NFC normalization (so an
 * emoji or an accented letter is one character, however it was typed); the upper bound is in UTF-8
 * bytes, so a megabyte of input is refused before anything hashes it. No composition rules (NIST SP
 * 800-63B): length is what makes a password strong.
 */
export const PASSWORD_POLICY = Object.freeze({ minCodePoints: 12, maxBytes: 1024 });

const VERSION = "v=1";
const PARAMS = /^N=(\d{1,8}),r=(\d{1,3}),p=(\d{1,3})$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Bounds on hashes read from storage, so a corrupted one cannot make a login take minutes. */
const LIMITS = { maxP: 16, minSaltBytes: 16, minKeyBytes: 16, maxKeyBytes: 64 };

/** The bytes OpenSSL's scrypt allocates for these parameters (what `maxmem` is compared with). */
function scryptMemory({ N, r, p }: ScryptParams): number {
  return 128 * r * (N + 2) + 128 * r * p;
}

function codePoints(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

function utf8Bytes(value: string): number {
  return Buffer.byteLength(value, "utf8");
}

/**
 * A password as a user sends it to sign up or change it: normalized to NFC (the form that is hashed),
 * at least 12 code points, at most 1024 UTF-8 bytes.
 */
export const passwordSchema = z.string().check(
  z.normalize("NFC"),
  z.refine((value) => utf8Bytes(value) <= PASSWORD_POLICY.maxBytes, {
    error: `Password must be at most ${PASSWORD_POLICY.maxBytes} bytes`,
    abort: true,
  }),
  z.refine((value) => codePoints(value) >= PASSWORD_POLICY.minCodePoints, {
    error: `Password must be at least ${PASSWORD_POLICY.minCodePoints} characters`,
  }),
);

/**
 * Hashes a password for storage as `scrypt$v=1$N=…,r=…,p=…$<salt>$<hash>` (base64url), with a fresh
 * random salt. The password is NFC-normalized first, so the same password typed on another system
 * still verifies. Refuses (throws) a password outside `PASSWORD_POLICY`: callers validate with
 * `passwordSchema` first, so reaching this with one is a bug.
 */
export async function hashPassword(password: string): Promise<string> {
  const normalized = password.normalize("NFC");
  if (!passwordSchema.safeParse(normalized).success) {
    throw new Error("hashPassword was given a password outside the policy; validate with passwordSchema");
  }
  const salt = randomBytes(SCRYPT_SALT_LENGTH);
  const key = await derive(normalized, salt, SCRYPT_PARAMS, SCRYPT_KEY_LENGTH);
  return encode(SCRYPT_PARAMS, salt, key);
}

/**
 * Whether `password` matches a stored hash, compared in constant time. A wrong password is `false`; a
 * password over `PASSWORD_POLICY.maxBytes` is `false` without hashing (no stored password is that
 * long). A stored hash that cannot be read is our fault, not the user's: it throws.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const stored = decode(encoded);
  const normalized = password.normalize("NFC");
  if (utf8Bytes(normalized) > PASSWORD_POLICY.maxBytes) return false;
  const key = await derive(normalized, stored.salt, stored.params, stored.key.length);
  return timingSafeEqual(key, stored.key);
}

/**
 * Whether a stored hash was made with other parameters than new hashes use; after a successful
 * login, hash the password again and store the new hash. Throws on a hash that cannot be read.
 */
export function needsRehash(encoded: string): boolean {
  const { params, salt, key } = decode(encoded);
  return (
    params.N !== SCRYPT_PARAMS.N ||
    params.r !== SCRYPT_PARAMS.r ||
    params.p !== SCRYPT_PARAMS.p ||
    salt.length !== SCRYPT_SALT_LENGTH ||
    key.length !== SCRYPT_KEY_LENGTH
  );
}

/**
 * A hash with the current parameters that no password matches (its key is random): verifying against
 * it costs what a real verification costs. Made once at module load, so the first use is not slower.
 */
const DUMMY_HASH = encode(SCRYPT_PARAMS, randomBytes(SCRYPT_SALT_LENGTH), randomBytes(SCRYPT_KEY_LENGTH));

/**
 * Spends the time of a real `verifyPassword` and answers `false`. Call it when no user has the
 * e-mail address, so that "no such user" and "wrong password" cannot be told apart by timing.
 */
export async function dummyVerify(password: string): Promise<false> {
  await verifyPassword(password, DUMMY_HASH);
  return false;
}

interface StoredHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function encode(params: ScryptParams, salt: Buffer, key: Buffer): string {
  return [
    "scrypt",
    VERSION,
    `N=${params.N},r=${params.r},p=${params.p}`,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join("$");
}

function decode(encoded: string): StoredHash {
  const parts = encoded.split("$");
  const [algorithm, version, paramText, saltText, keyText] = parts;
  if (parts.length !== 5 || algorithm !== "scrypt" || version !== VERSION) {
    throw new Error("Stored password hash is not in the scrypt$v=1 format");
  }
  const match = PARAMS.exec(paramText ?? "");
  if (!match || !BASE64URL.test(saltText ?? "") || !BASE64URL.test(keyText ?? "")) {
    throw new Error("Stored password hash has malformed parameters, salt or key");
  }
  const params = { N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  const salt = Buffer.from(saltText ?? "", "base64url");
  const key = Buffer.from(keyText ?? "", "base64url");
  const powerOfTwo = params.N > 1 && (params.N & (params.N - 1)) === 0;
  if (
    !powerOfTwo ||
    params.r < 1 ||
    params.p < 1 ||
    scryptMemory(params) > SCRYPT_MAX_MEMORY ||
    params.p > LIMITS.maxP ||
    salt.length < LIMITS.minSaltBytes ||
    key.length < LIMITS.minKeyBytes ||
    key.length > LIMITS.maxKeyBytes
  ) {
    throw new Error("Stored password hash has parameters outside the accepted bounds");
  }
  return { params, salt, key };
}

/** Async scrypt: the work runs on libuv's thread pool, so other requests keep being served. */
function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: SCRYPT_MAX_MEMORY };
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
