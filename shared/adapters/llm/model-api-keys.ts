import * as z from "zod/mini";
import type { SecretReader } from "#shared/adapters/secret-store";

const ApiKeys = z.record(z.string(), z.string());

/**
 * The providers' API keys from the `model-api-keys` secret (a JSON object of field → key), as the
 * `secrets` accessor of `createModelResolver`. The secret is read on the first call, never before
 * (a configuration without keyed providers never reads it), and then held for the life of the
 * process; a failed read is not held, so the next call tries again. A rotated key reaches running
 * workers when they restart.
 */
export function modelApiKeysFromSecret(
  read: SecretReader,
  secretId: string,
): (field: string) => Promise<string | undefined> {
  let keys: Promise<Record<string, string>> | undefined;
  const load = async () => {
    const text = await read(secretId);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // The parser's message would quote the secret's text: say only what is wrong with it.
      throw new Error(`Secret ${secretId} is not JSON`);
    }
    const parsed = ApiKeys.safeParse(json);
    if (!parsed.success) throw new Error(`Secret ${secretId} is not a JSON object of field → API key`);
    return parsed.data;
  };
  return async (field) => {
    keys ??= load().catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    const key = (await keys)[field];
    return key === "" ? undefined : key;
  };
}
