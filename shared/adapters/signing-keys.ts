import * as z from "zod/mini";
import type { SecretReader } from "./secret-store.ts";

const privateJwk = z.object({
  kty: z.literal("EC"),
  crv: z.literal("P-256"),
  alg: z.literal("ES256"),
  kid: z.string().check(z.minLength(1)),
  x: z.string(),
  y: z.string(),
  d: z.string(),
  use: z.optional(z.literal("sig")),
  /** When the key was made (ISO 8601); rotation keeps a key at least one overlap before retiring the one before it. */
  createdAt: z.optional(z.string()),
});
/** The secret's value: the newest key first, then the previous one kept for the overlap. */
export const signingKeySet = z.object({ keys: z.array(privateJwk).check(z.minLength(1)) });
export type SigningKeySet = z.infer<typeof signingKeySet>;

export type PublicJwk = {
  kty: "EC";
  crv: "P-256";
  alg: "ES256";
  use: "sig";
  kid: string;
  x: string;
  y: string;
};

const publicJwk = z.object({
  kty: z.literal("EC"),
  crv: z.literal("P-256"),
  alg: z.literal("ES256"),
  use: z.literal("sig"),
  kid: z.string().check(z.minLength(1)),
  x: z.string(),
  y: z.string(),
});
/** The verification keys' secret value: a JWKS of public keys only. */
const verificationKeySet = z.object({ keys: z.array(publicJwk).check(z.minLength(1)) });

/** Reads the public verification keys (a JWKS) from Secrets Manager and checks their shape. */
export async function readVerificationKeys(
  read: SecretReader,
  secretId: string,
): Promise<{ keys: PublicJwk[] }> {
  return verificationKeySet.parse(JSON.parse(await read(secretId)));
}

/** Reads the signing-key set from Secrets Manager and checks its shape. */
export async function readSigningKeys(read: SecretReader, secretId: string): Promise<SigningKeySet> {
  return signingKeySet.parse(JSON.parse(await read(secretId)));
}

/** The verification half of a key set, as a JWKS: never the private `d`. */
export function publicJwks(set: SigningKeySet): { keys: PublicJwk[] } {
  return {
    keys: set.keys.map(({ kid, x, y }) => ({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig", kid, x, y })),
  };
}
