/**
 * How an integration test reaches OpenSearch: the run's shared node (`test/search-node.global-setup.ts`),
 * started on the first call. A test cloud with search:
 *
 * ```ts
 * beforeAll(async () => {
 *   cloud = await startLocalCloud({ stage: `s${randomUUID().slice(0, 8)}`, search: await sharedSearch() });
 * }, SEARCH_NODE_HOOK_TIMEOUT_MS);
 * ```
 */
import { inject } from "vitest";
import { sharedSearchEndpoint } from "#scripts/local/shared-search-node";

/**
 * How long a `beforeAll` that asks for the node may take: the first to ask starts its JVM, which takes
 * tens of seconds on a loaded two-core machine.
 */
export const SEARCH_NODE_HOOK_TIMEOUT_MS = 300_000;

/** The shared node's endpoint (`http://127.0.0.1:<port>`), once its cluster is at least yellow. */
export function sharedSearchNode(): Promise<string> {
  return sharedSearchEndpoint(inject("searchNodeControl"));
}

/** The `search` option of a local cloud that uses the shared node. */
export async function sharedSearch(): Promise<{ endpoint: string }> {
  return { endpoint: await sharedSearchNode() };
}
