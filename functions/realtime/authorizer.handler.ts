import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createTicketRepository } from "#shared/adapters/dynamodb/realtime/ticket-repository";
import { realtime } from "#shared/contracts/realtime.routes";
import { loadBindings } from "#shared/platform/bindings";
import { logger } from "#shared/platform/logger";
import { authorizeHandshake } from "./realtime-routes.ts";

const table = await openTable(loadBindings(realtime.authorizer.bindings));
const deps = { tickets: createTicketRepository(table), now: () => new Date(), log: logger };

/** The WebSocket API's `$connect` authorizer: one ticket, one handshake. */
export const handler = (event: unknown) => authorizeHandshake(deps, event);
