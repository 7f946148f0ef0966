import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { FunctionBindings } from "#shared/platform/declaration/types";
import { extensionSecretReader, type SecretReader } from "../secret-store.ts";
import { readSecretBytes } from "../secrets.ts";
import { SingleTable } from "./table.ts";

/** The secret that signs pagination cursors, shared by every instance of a function that lists. */
export const CURSOR_KEY_SECRET = "cursor-key";

/**
 * The one way a function opens the table, at cold start, from its loaded bindings. A function bound
 * to the `cursor-key` secret signs cursors with it, so a cursor one instance hands out is good on every
 * other; the key is read when a route first encodes or decodes a cursor, not at init (a cold start
 * that lists pays the read there, one that does not list never does). Any other function gets a
 * random key of its own, which suits code that pages internally and never hands a cursor out (a
 * user's sessions, on a password change).
 */
export async function openTable(
  bound: {
    readonly declared: FunctionBindings;
    readonly tableName: string;
    secretId(secret: never): string;
  },
  /** How the cursor key is read. @default the Lambda extension (`extensionSecretReader`) */
  read: SecretReader = extensionSecretReader(),
): Promise<SingleTable> {
  const listing = bound.declared.secrets?.includes(CURSOR_KEY_SECRET) === true;
  const cursorKey = listing
    ? () => readSecretBytes(read, bound.secretId(CURSOR_KEY_SECRET as never))
    : randomBytes(32);
  return new SingleTable({ client: new DynamoDBClient({}), tableName: bound.tableName, cursorKey });
}
