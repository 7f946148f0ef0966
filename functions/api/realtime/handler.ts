import { openTable } from "#shared/adapters/dynamodb/open-table";
import { createTicketRepository } from "#shared/adapters/dynamodb/realtime/ticket-repository";
import { realtimeApi } from "#shared/contracts/realtime.routes";
import { loadBindings } from "#shared/platform/bindings";
import { createApiHandler } from "#shared/platform/http/api-handler";
import type { RealtimeApiDeps } from "./deps.ts";
import { ticketRoute } from "./ticket.route.ts";

const bound = loadBindings(realtimeApi.bindings);
const table = await openTable(bound);
const deps: RealtimeApiDeps = {
  tickets: createTicketRepository(table),
  now: () => new Date(),
  accessTokenTtlSeconds: bound.accessTokenTtlSeconds,
};

export const handler = createApiHandler(realtimeApi, { ticket: ticketRoute(deps) });
