import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createConnectionRepository } from "#shared/adapters/dynamodb/realtime/connection-repository";
import { realtimeFanOut } from "#shared/contracts/realtime.routes";
import { realtimeEventOf } from "#shared/contracts/realtime-events";
import { type FanOutResult, fanOut } from "#shared/domain/realtime/fan-out";
import { loadBindings } from "#shared/platform/bindings";
import { logger } from "#shared/platform/logger";
import { connectionPoster } from "./management-client.ts";

const bound = loadBindings(realtimeFanOut.bindings);
const table = await openTable(bound);
const deps = {
  connections: createConnectionRepository(table),
  poster: connectionPoster(bound),
  now: () => new Date(),
  log: logger,
};

/**
 * Target of the realtime rule: one event to the sockets that should hear it. A failure throws, so
 * EventBridge's asynchronous invoke retries it and, past its retries, the events DLQ keeps it.
 */
export const handler = (event: unknown): Promise<FanOutResult> => fanOut(deps, realtimeEventOf(event));
