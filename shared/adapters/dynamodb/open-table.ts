import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import * as z from "zod/mini";
import { loadConfig } from "#shared/platform/config";
import { readSecretBytes } from "../secrets.ts";
import { SingleTable } from "./table.ts";

const nonEmpty = z.string().check(z.minLength(1));
const tableConfig = z.object({ TABLE_NAME: nonEmpty });
const listingConfig = z.object({ STAGE: nonEmpty, SECRET_ID_CURSOR_KEY: nonEmpty });

export interface OpenTableOptions {
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /**
   * Signs pagination cursors. Only for a function that pages internally and never hands a cursor
   * out (any key works, a random one per instance too); one that does uses `openListingTable`.
   * @default none: the table cannot list
   */
  cursorKey?: Uint8Array;
}

/**
 * The one way a function opens the table, at cold start: its name from the function's `table`
 * binding, an SDK client configured by the environment (the local cloud's endpoint included).
 */
export function openTable(options: OpenTableOptions = {}): SingleTable {
  const config = loadConfig(tableConfig, options.env ?? process.env);
  return new SingleTable({
    client: new DynamoDBClient({}),
    tableName: config.TABLE_NAME,
    ...(options.cursorKey ? { cursorKey: options.cursorKey } : {}),
  });
}

/**
 * The table as a domain that lists things opens it: `openTable` with the cursor-signing key read
 * from its secret (so every instance signs and checks cursors alike). Requires the bindings `table`
 * and `secrets: ["cursor-key"]`.
 */
export async function openListingTable(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ table: SingleTable; stage: string }> {
  const config = loadConfig(listingConfig, env);
  const cursorKey = await readSecretBytes(new SecretsManagerClient({}), config.SECRET_ID_CURSOR_KEY);
  return { table: openTable({ env, cursorKey }), stage: config.STAGE };
}
