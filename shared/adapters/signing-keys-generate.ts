import { generateKeyPairSync, randomUUID } from "node:crypto";
import type { SigningKeySet } from "./signing-keys.ts";

/** A new ES256 signing key as a private JWK with a fresh `kid`. */
export function generateSigningKey(now: Date = new Date()): SigningKeySet["keys"][number] {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = privateKey.export({ format: "jwk" });
  if (!jwk.x || !jwk.y || !jwk.d) throw new Error("EC key export lacks coordinates");
  return {
    kty: "EC",
    crv: "P-256",
    alg: "ES256",
    use: "sig",
    kid: randomUUID(),
    x: jwk.x,
    y: jwk.y,
    d: jwk.d,
    createdAt: now.toISOString(),
  };
}
