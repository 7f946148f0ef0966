import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import * as z from "zod/mini";

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
  client: SecretsManagerClient,
  secretId: string,
): Promise<{ keys: PublicJwk[] }> {
  const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!result.SecretString) throw new Error(`Secret ${secretId} has no string value`);
  return verificationKeySet.parse(JSON.parse(result.SecretString));
}

/** Reads the signing-key set from Secrets Manager and checks its shape. */
export async function readSigningKeys(
  client: SecretsManagerClient,
  secretId: string,
): Promise<SigningKeySet> {
  const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!result.SecretString) throw new Error(`Secret ${secretId} has no string value`);
  return signingKeySet.parse(JSON.parse(result.SecretString));
}

/** The verification half of a key set, as a JWKS: never the private `d`. */
export function publicJwks(set: SigningKeySet): { keys: PublicJwk[] } {
  return {
    keys: set.keys.map(({ kid, x, y }) => ({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig", kid, x, y })),
  };
}
