import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import * as z from "zod/mini";
import { loadConfig } from "#shared/platform/config";
import { readSecretBytes } from "../secrets.ts";
import { SingleTable } from "./table.ts";

const listingConfig = z.object({
  STAGE: z.string().check(z.minLength(1)),
  TABLE_NAME: z.string().check(z.minLength(1)),
  SECRET_ID_CURSOR_KEY: z.string().check(z.minLength(1)),
});

/**
 * The table as a domain that lists things opens it at cold start: name from the environment, and
 * the cursor-signing key read from its secret (so every instance signs and checks cursors alike).
 * Requires the bindings `table` and `secrets: ["cursor-key"]`.
 */
export async function openListingTable(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ table: SingleTable; stage: string }> {
  const config = loadConfig(listingConfig, env);
  const table = new SingleTable({
    client: new DynamoDBClient({}),
    tableName: config.TABLE_NAME,
    cursorKey: await readSecretBytes(new SecretsManagerClient({}), config.SECRET_ID_CURSOR_KEY),
  });
  return { table, stage: config.STAGE };
}
