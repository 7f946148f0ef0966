import { createPrivateKey, sign } from "node:crypto";
import type { SigningKeySet } from "./signing-keys.ts";

/**
 * How long a new key waits before it signs: longer than verifiers trust a loaded key set
 * (`JWKS_MAX_AGE_MS`), so every verifier knows a key before the first token signed with it arrives.
 */
export const KEY_ACTIVATION_DELAY_MS = 6 * 60_000;

/**
 * The key that signs now: the newest key old enough to be active, else (a set whose every key is
 * new, e.g. the first one ever made) the oldest.
 */
export function activeSigningKey(keys: SigningKeySet, now: Date = new Date()): SigningKeySet["keys"][number] {
  const active = keys.keys.find(
    (k) => k.createdAt === undefined || now.getTime() - Date.parse(k.createdAt) >= KEY_ACTIVATION_DELAY_MS,
  );
  const key = active ?? keys.keys[keys.keys.length - 1];
  if (!key) throw new Error("The signing-key set is empty");
  return key;
}

/**
 * Signs a JWT with ES256 using the active key of the set, naming it in `kid`. The signature is in the
 * JOSE form (r‖s), not DER.
 */
export function signJwt(
  keys: SigningKeySet,
  payload: Record<string, unknown>,
  now: Date = new Date(),
): string {
  const key = activeSigningKey(keys, now);
  const header = { alg: "ES256", typ: "JWT", kid: key.kid };
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = sign("sha256", Buffer.from(input), {
    key: createPrivateKey({ key: { ...key }, format: "jwk" }),
    dsaEncoding: "ieee-p1363",
  });
  return `${input}.${signature.toString("base64url")}`;
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}
