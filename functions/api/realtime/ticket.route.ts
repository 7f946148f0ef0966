import type { realtimeRoutes } from "#shared/contracts/realtime.routes";
import { issueTicket } from "#shared/domain/realtime/tickets";
import type { RouteHandler } from "#shared/platform/http/api-handler";
import { ok } from "#shared/platform/http/reply";
import type { RealtimeApiDeps } from "./deps.ts";

/**
 * A ticket for the caller's own identity. The token that authorized this request expires within
 * its lifetime from now, so a connection opened with the ticket stops hearing events by then.
 */
export function ticketRoute(deps: RealtimeApiDeps): RouteHandler<typeof realtimeRoutes.ticket> {
  return async ({ auth }) => {
    const tokenExpiresAt = Math.floor(deps.now().getTime() / 1000) + deps.accessTokenTtlSeconds;
    return ok(await issueTicket(deps, auth.principal, tokenExpiresAt));
  };
}
