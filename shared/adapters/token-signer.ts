import { createPrivateKey, sign } from "node:crypto";
import type { SigningKeySet } from "./signing-keys.ts";

/**
 * Signs a JWT with ES256 using the newest key of the set (the first), naming it in `kid`. The
 * signature is in the JOSE form (r‖s), not DER.
 */
export function signJwt(keys: SigningKeySet, payload: Record<string, unknown>): string {
  const key = keys.keys[0];
  if (!key) throw new Error("The signing-key set is empty");
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
