import type { StoredTicket, TicketRepository } from "#shared/domain/realtime/ports";
import type { SingleTable } from "../table.ts";
import { REALTIME_ENTITIES } from "./items.ts";

/**
 * Tickets by digest (platform scope). DynamoDB's TTL deletes an expired ticket only eventually, so
 * the consuming delete's own condition refuses one past `expiresAt`.
 */
export function createTicketRepository(table: SingleTable): TicketRepository {
  const platform = () => table.platform();
  return {
    async save(digest, ticket) {
      await platform().create<StoredTicket>(REALTIME_ENTITIES.ticket, digest, ticket, {
        expiresAt: ticket.expiresAt,
      });
    },

    async consume(digest, nowSeconds) {
      const taken = await platform().takeWhere<StoredTicket>(REALTIME_ENTITIES.ticket, digest, {
        expression: "#gexpires > :gnow",
        names: { "#gexpires": "expiresAt" },
        values: { ":gnow": nowSeconds },
      });
      return taken ? { identity: taken.identity, expiresAt: taken.expiresAt } : undefined;
    },
  };
}
