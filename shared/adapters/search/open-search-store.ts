import { randomBytes } from "node:crypto";
import { CURSOR_KEY_SECRET } from "#shared/adapters/dynamodb/open-table";
import { extensionSecretReader, type SecretReader } from "#shared/adapters/secret-store";
import { readSecretBytes } from "#shared/adapters/secrets";
import type { FunctionBindings } from "#shared/platform/declaration/types";
import { lazySearchClient } from "./client.ts";
import { OpenSearchStore } from "./search-store.ts";

/**
 * The one way a function opens the search store, at cold start, from its loaded bindings. Nothing is
 * loaded or connected until the first request (`lazySearchClient`). A function bound to the
 * `cursor-key` secret signs search cursors with it (read on the first page that needs one), so a
 * cursor one instance hands out is good on every other; any other function gets a random key.
 */
export function openSearchStore(
  bound: {
    readonly declared: FunctionBindings;
    readonly stage: string;
    readonly searchEndpoint: string;
    secretId(secret: never): string;
  },
  /** How the cursor key is read. @default the Lambda extension (`extensionSecretReader`) */
  read: SecretReader = extensionSecretReader(),
): OpenSearchStore {
  const listing = bound.declared.secrets?.includes(CURSOR_KEY_SECRET) === true;
  const cursorKey = listing
    ? () => readSecretBytes(read, bound.secretId(CURSOR_KEY_SECRET as never))
    : randomBytes(32);
  return new OpenSearchStore({
    client: lazySearchClient({ endpoint: bound.searchEndpoint }),
    stage: bound.stage,
    cursorKey,
  });
}
