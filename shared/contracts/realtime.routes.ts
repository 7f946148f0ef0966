import * as z from "zod/mini";
import type { RouteAccess } from "#shared/domain/access/roles";
import type {
  ApiDomainDeclaration,
  FunctionDeclaration,
  RealtimeDeclaration,
  RouteDeclaration,
} from "#shared/platform/declaration/types";
import { timestamp } from "./response-views.ts";

/** Every signed-in principal, tenant user or staff: the socket hears what its identity allows. */
const signedIn = { role: "any", tenant: { from: "none" } } as const satisfies RouteAccess;

/** A ticket to open the socket with, and when it stops being accepted. */
const ticket = z.strictObject({ ticket: z.string(), expiresAt: timestamp });
export type RealtimeTicket = z.output<typeof ticket>;

/** The ticket exchange of the WebSocket API: `/api/realtime/v1`. */
export const realtimeRoutes = {
  ticket: {
    method: "POST",
    path: "/api/realtime/v1/ticket",
    summary:
      "A single-use ticket (valid 60 s) to open the WebSocket at /ws?ticket=…; the socket hears the caller's events only.",
    access: signedIn,
    response: ticket,
  },
} as const satisfies Record<string, RouteDeclaration>;

export const realtimeApi = {
  domain: "realtime",
  entry: "functions/api/realtime/handler.ts",
  timeoutSeconds: 5,
  memoryMb: 256,
  routes: realtimeRoutes,
  bindings: { table: "readwrite", accessTokenTtl: true },
} as const satisfies ApiDomainDeclaration;

/** Tickets in, identity out: the authorizer reads and deletes tickets, nothing else. */
const authorizer = {
  entry: "functions/realtime/authorizer.handler.ts",
  timeoutSeconds: 5,
  memoryMb: 256,
  // A WebSocket authorizer's answer is never cached, so it runs once per handshake and consumes the
  // ticket; the ticket travels in the query string because a browser's WebSocket cannot set headers.
  identitySource: ["route.request.querystring.ticket"],
  bindings: { table: "readwrite" },
} as const satisfies RealtimeDeclaration["authorizer"];

/** The function behind the fan-out's event rules, which posts to connections. */
export const realtimeFanOut = {
  entry: "functions/realtime/fanout.handler.ts",
  timeoutSeconds: 30,
  memoryMb: 512,
  bindings: { table: "readwrite", managesConnections: true },
} as const satisfies FunctionDeclaration;

/** The WebSocket API: `/ws` through the front door, a ticket authorizer on `$connect`. */
export const realtime = {
  path: "/ws",
  authorizer,
  routes: {
    $connect: {
      entry: "functions/realtime/connect.handler.ts",
      timeoutSeconds: 5,
      memoryMb: 256,
      bindings: { table: "readwrite" },
    },
    $disconnect: {
      entry: "functions/realtime/disconnect.handler.ts",
      timeoutSeconds: 5,
      memoryMb: 256,
      bindings: { table: "readwrite" },
    },
    $default: {
      entry: "functions/realtime/default.handler.ts",
      timeoutSeconds: 5,
      memoryMb: 256,
      bindings: { managesConnections: true },
    },
  },
} as const satisfies RealtimeDeclaration;
