import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/** A secret holding random bytes as base64 (e.g. a cursor-signing key), decoded; at least 16 bytes. */
export async function readSecretBytes(client: SecretsManagerClient, secretId: string): Promise<Uint8Array> {
  const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  const bytes = Buffer.from(result.SecretString ?? "", "base64");
  if (bytes.byteLength < 16) throw new Error(`Secret ${secretId} does not hold at least 16 random bytes`);
  return bytes;
}
