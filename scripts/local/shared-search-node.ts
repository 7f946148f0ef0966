/**
 * The clouds' side of a test run's shared OpenSearch node (`test/search-node.global-setup.ts`): where
 * its control endpoint answers, and how a cloud learns the node's URL (the node starts on the first
 * request). A cloud of such a run uses it unless told otherwise; every index name starts with the
 * cloud's stage, so clouds sharing the node keep to their own indexes.
 */

/** The environment variable holding the shared node's control URL. */
export const SEARCH_NODE_ENV = "LEADMETRICS_SEARCH_NODE";

/** The shared node's endpoint (`http://127.0.0.1:<port>`), once its cluster is at least yellow. */
export async function sharedSearchEndpoint(control: string): Promise<string> {
  const response = await fetch(control, { method: "POST" });
  const text = await response.text();
  if (!response.ok) throw new Error(`the shared OpenSearch node is unavailable: ${text}`);
  const { endpoint } = JSON.parse(text) as { endpoint: string };
  return endpoint;
}

/**
 * A cloud's `search` option as given, or by default the test run's shared node when there is one,
 * else a node of the cloud's own: search is part of the platform (agents retrieve from it).
 */
export async function resolveSearchOption(
  option: boolean | { endpoint: string } | undefined,
): Promise<boolean | { endpoint: string }> {
  if (option !== undefined) return option;
  const control = process.env[SEARCH_NODE_ENV];
  if (control !== undefined && control !== "") return { endpoint: await sharedSearchEndpoint(control) };
  return true;
}
