/**
 * The OpenSearch client: the only place that constructs one. It signs every request with SigV4
 * (service `es`) in every environment; the local node has no security plugin and ignores the
 * signature, so the code is the same locally and in AWS.
 *
 * The client library is loaded on first use, not at import: a function that never searches on a given
 * invocation (or at all during its init) does not pay for loading it in its cold start.
 */
import type { Client } from "@opensearch-project/opensearch";
import { onFirstUse } from "#shared/adapters/lazy-client";

/** Where and how to reach the search domain. */
export interface SearchConnection {
  /** The domain's endpoint (`https://…`, or the local node's `http://127.0.0.1:port`). */
  endpoint: string;
  /** The region the signature names. @default `AWS_REGION` */
  region?: string;
  /** How long one request may take before it fails. @default 10000 */
  requestTimeoutMs?: number;
  /** The credentials that sign. @default the SDK's default chain (a function's or task's role) */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** A client made once, on the first call, and shared by every later call (a failed make is tried again). */
export type SearchClientSource = () => Promise<Client>;

/** A lazily made, SigV4-signing client for `connection`. */
export function lazySearchClient(connection: SearchConnection): SearchClientSource {
  return onFirstUse(() => makeClient(connection));
}

async function makeClient(connection: SearchConnection): Promise<Client> {
  const region = connection.region ?? process.env.AWS_REGION;
  if (!region) throw new Error("The search client needs a region (AWS_REGION)");
  const [{ Client }, { AwsSigv4Signer }, { defaultProvider }] = await Promise.all([
    import("@opensearch-project/opensearch"),
    import("@opensearch-project/opensearch/aws-v3"),
    import("@aws-sdk/credential-provider-node"),
  ]);
  const fixed = connection.credentials;
  const credentials = fixed === undefined ? defaultProvider() : async () => fixed;
  return new Client({
    ...AwsSigv4Signer({ region, service: "es", getCredentials: () => credentials() }),
    node: connection.endpoint,
    requestTimeout: connection.requestTimeoutMs ?? 10_000,
    // The store decides what to retry (a version conflict is an answer, not a fault).
    maxRetries: 1,
  });
}
