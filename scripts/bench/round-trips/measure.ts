/**
 * Counts the DynamoDB round trips of one typical request per declared route, on a running local
 * cloud: each request alone, one after another, its answer awaited, counting only the calls of the
 * route's function and of the authorizer (asynchronous work the request's events set off belongs to
 * other functions and is not counted). The cloud must run with the authorizer's cache off, and every
 * request carries a token of its own, so the authorizer's share is an uncached decision's.
 */
import type { LocalCloud } from "#scripts/local/cloud";
import { countsBetween } from "#scripts/local/dynamodb-operations";
import { functionIds } from "#shared/platform/declaration/functions";
import { listRoutes } from "#shared/platform/declaration/validate";
import { TYPICAL_REQUESTS } from "./typical-requests.ts";
import { buildWorld } from "./world.ts";

/** What one route's typical request cost. */
export interface RouteRoundTrips {
  function: string;
  /** The answer's status: a typical request succeeds, so anything else is worth a look. */
  status: number;
  /** GetItem, BatchGetItem, Query (each page), Scan. */
  reads: number;
  /** PutItem, UpdateItem, DeleteItem, BatchWriteItem. */
  writes: number;
  /** TransactWriteItems, TransactGetItems. */
  transactions: number;
  queryPages: number;
  /** The authorizer's requests for the same request (an uncached decision). */
  authorizerReads: number;
  /** The function's requests by operation. */
  operations: Record<string, number>;
}

const READS = new Set(["GetItem", "BatchGetItem", "Query", "Scan"]);
const WRITES = new Set(["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"]);
const TRANSACTIONS = new Set(["TransactWriteItems", "TransactGetItems"]);

const total = (ops: Record<string, number>, kinds: ReadonlySet<string>) =>
  Object.entries(ops).reduce((n, [op, count]) => n + (kinds.has(op) ? count : 0), 0);

/** Routes of the declaration the measurement has no typical request for. */
export function unmeasuredRoutes(cloud: LocalCloud): string[] {
  return listRoutes(cloud.declaration)
    .map((r) => r.key)
    .filter((key) => !(key in TYPICAL_REQUESTS));
}

/** Measures every declared route, in declaration order; `progress` hears of each. */
export async function measureRoundTrips(
  cloud: LocalCloud,
  progress: (key: string, trips: RouteRoundTrips) => void = () => undefined,
): Promise<Record<string, RouteRoundTrips>> {
  const missing = unmeasuredRoutes(cloud);
  if (missing.length > 0) throw new Error(`no typical request for ${missing.join(", ")}`);
  const world = await buildWorld(cloud);
  const results: Record<string, RouteRoundTrips> = {};
  try {
    for (const { key, domain, route } of listRoutes(cloud.declaration)) {
      const prepare = TYPICAL_REQUESTS[key];
      if (!prepare) throw new Error(`no typical request for ${key}`);
      const fn = functionIds.api(domain.domain);
      const request = await prepare(world);
      const headers: Record<string, string> = { ...request.headers };
      if (request.as) headers.authorization = `Bearer ${await world.tokenOf(request.as)}`;
      if (request.body !== undefined) headers["content-type"] = "application/json";
      const before = await cloud.dynamoDbOperations.counts();
      const response = await fetch(`${cloud.urls.api}${request.path}`, {
        method: route.method,
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
      const text = await response.text();
      const delta = countsBetween(before, await cloud.dynamoDbOperations.counts(), [
        fn,
        functionIds.authorizer,
      ]);
      const ops = delta[fn] ?? {};
      if (key === "POST /api/tenant/v1/agents/{role}/runs" && response.ok) {
        world.saved.runId = (JSON.parse(text) as { runId: string }).runId;
      }
      results[key] = {
        function: fn,
        status: response.status,
        reads: total(ops, READS),
        writes: total(ops, WRITES),
        transactions: total(ops, TRANSACTIONS),
        queryPages: ops.Query ?? 0,
        authorizerReads: Object.values(delta[functionIds.authorizer] ?? {}).reduce((n, c) => n + c, 0),
        operations: ops,
      };
      progress(key, results[key]);
    }
  } finally {
    world.stop();
  }
  return results;
}
