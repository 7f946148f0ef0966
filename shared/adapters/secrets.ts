import type { SecretReader } from "./secret-store.ts";

/** A secret holding random bytes as base64 (e.g. a cursor-signing key), decoded; at least 16 bytes. */
export async function readSecretBytes(read: SecretReader, secretId: string): Promise<Uint8Array> {
  const bytes = Buffer.from(await read(secretId), "base64");
  if (bytes.byteLength < 16) throw new Error(`Secret ${secretId} does not hold at least 16 random bytes`);
  return bytes;
}
