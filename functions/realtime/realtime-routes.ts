/**
 * What the WebSocket routes do, apart from wiring (the `*.handler.ts` files build the deps once per
 * cold start): tested with in-memory ports and through the local cloud.
 */
import * as z from "zod/mini";
import { type ConnectDeps, connect, disconnect } from "#shared/domain/realtime/connections";
import { TicketRefusedError } from "#shared/domain/realtime/errors";
import { identityFromContext, toAuthorizerContext } from "#shared/domain/realtime/identity";
import type { ConnectionPoster, RealtimeLog } from "#shared/domain/realtime/ports";
import { redeemTicket, type TicketDeps } from "#shared/domain/realtime/tickets";
import {
  type AuthorizerPolicy,
  authorizerEventSchema,
  policy,
  routeEventSchema,
} from "./websocket-events.ts";

/** A route's answer to API Gateway (a non-2xx on `$connect` refuses the handshake). */
export interface RouteResult {
  statusCode: number;
}

const OK: RouteResult = { statusCode: 200 };

/**
 * `$connect` authorizer. Primary course: redeem the ticket (a conditional delete, so it works once)
 * and allow this handshake with the ticket's identity as context. A replayed, expired, forged or
 * missing ticket is denied (API Gateway answers 403); any other failure throws (500), logged.
 */
export async function authorizeHandshake(
  deps: TicketDeps & { log: RealtimeLog },
  event: unknown,
): Promise<AuthorizerPolicy> {
  const { methodArn, queryStringParameters, requestContext } = z.parse(authorizerEventSchema, event);
  try {
    const identity = await redeemTicket(deps, queryStringParameters?.ticket);
    return policy("Allow", identity.userId, methodArn, toAuthorizerContext(identity));
  } catch (error) {
    if (!(error instanceof TicketRefusedError)) throw error;
    deps.log.info("WebSocket handshake refused", {
      reason: error.message,
      correlationId: requestContext?.requestId,
    });
    return policy("Deny", "anonymous", methodArn);
  }
}

/** `$connect`: records the connection where the authorizer's identity says it listens. */
export async function onConnect(deps: ConnectDeps, event: unknown): Promise<RouteResult> {
  const { requestContext } = z.parse(routeEventSchema, event);
  await connect(deps, requestContext.connectionId, identityFromContext(requestContext.authorizer));
  return OK;
}

/** `$disconnect`: deletes exactly this connection's records. */
export async function onDisconnect(
  deps: Pick<ConnectDeps, "connections" | "log">,
  event: unknown,
): Promise<RouteResult> {
  const { requestContext } = z.parse(routeEventSchema, event);
  await disconnect(deps, requestContext.connectionId);
  return OK;
}

const pingSchema = z.object({ action: z.literal("ping") });

/**
 * `$default`: answers `{"action":"ping"}` with `{"type":"pong"}` (a client's keep-alive against the
 * 10-minute idle limit) and ignores anything else. Nothing a client sends changes what it receives.
 */
export async function onMessage(
  deps: { poster: ConnectionPoster; log: RealtimeLog },
  event: unknown,
): Promise<RouteResult> {
  const { requestContext, body } = z.parse(routeEventSchema, event);
  let message: unknown;
  try {
    message = JSON.parse(body ?? "");
  } catch {
    // Not JSON: like any other message a client makes up, it is ignored (and logged below).
    message = undefined;
  }
  if (z.safeParse(pingSchema, message).success) {
    await deps.poster.post(requestContext.connectionId, JSON.stringify({ type: "pong" }));
  } else {
    deps.log.info("Ignored a client message", {
      connectionId: requestContext.connectionId,
      correlationId: requestContext.requestId,
    });
  }
  return OK;
}
