import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SecretReader } from "./secret-store.ts";

/**
 * Secrets read with a Secrets Manager client, for code that runs where no Lambda extension does: the
 * Fargate consumer, ops commands, tests. Lambda functions use `extensionSecretReader`, which keeps
 * this SDK client out of their bundles.
 */
export function sdkSecretReader(client: SecretsManagerClient): SecretReader {
  return async (secretId) => {
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (result.SecretString === undefined) throw new Error(`Secret ${secretId} has no string value`);
    return result.SecretString;
  };
}
