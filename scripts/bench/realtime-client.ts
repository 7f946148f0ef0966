/**
 * A realtime client of the local cloud, shared by the realtime integration tests and
 * `npm run bench:realtime`: signed-in callers, tickets from the HTTP API, sockets through the front
 * door that keep every message they receive and when it arrived, and the events the fan-out forwards.
 */
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { ulid } from "ulid";
import WebSocket from "ws";
import * as z from "zod/mini";
import type { LocalCloud } from "#scripts/local/cloud";
import { createEventPublisher } from "#shared/adapters/events";
import type { SigningKeySet } from "#shared/adapters/signing-keys";
import { signJwt } from "#shared/adapters/token-signer";
import { AGENT_EVENT_SOURCE, agentProgress } from "#shared/contracts/agent-pipeline";
import { NOTIFICATION_EVENT_SOURCE, notificationCreated } from "#shared/contracts/content-events";
import { realtimeRoutes } from "#shared/contracts/realtime.routes";
import { tokenAudience, tokenIssuer } from "#shared/domain/access/access-token";
import type { Role } from "#shared/domain/access/roles";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";

/** Who opens a socket: a tenant user carries their tenant, staff do not. */
export interface Caller {
  userId: string;
  role: Role;
  tenantId?: TenantId;
}

/** A real access token for the caller (15 minutes, as the platform issues them). */
export function bearerOf(cloud: LocalCloud, keys: SigningKeySet, caller: Caller): string {
  const now = Math.floor(Date.now() / 1000);
  const token = signJwt(keys, {
    iss: tokenIssuer(cloud.stage),
    aud: tokenAudience(cloud.stage),
    sub: caller.userId,
    role: caller.role,
    jti: ulid(),
    iat: now,
    exp: now + 900,
    ...(caller.tenantId ? { tenantId: caller.tenantId, tgen: 0 } : {}),
  });
  return `Bearer ${token}`;
}

/** `POST /api/realtime/v1/ticket` through the front door. */
export async function ticketFor(cloud: LocalCloud, bearer: string): Promise<string> {
  const response = await fetch(`${cloud.urls.api}/api/realtime/v1/ticket`, {
    method: "POST",
    headers: { authorization: bearer },
  });
  const text = await response.text();
  // The answer is held to the route's declared schema, as the portal's client relies on it.
  const body =
    response.status === 200 ? z.safeParse(realtimeRoutes.ticket.response, JSON.parse(text)) : undefined;
  if (!body?.success) {
    throw new Error(
      `ticket answered ${response.status}: ${text} ${JSON.stringify(body?.error?.issues ?? [])}`,
    );
  }
  return body.data.ticket;
}

/** An open socket and every message it has received, parsed. */
export interface Socket {
  ws: WebSocket;
  messages: Record<string, unknown>[];
  /** `performance.now()` when each message of `messages` arrived, index for index. */
  arrivals: number[];
  /** Resolves once the socket holds `count` messages (or rejects after `timeoutMs`). */
  received(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens `/ws?ticket=…` through the front door; rejects with the handshake's HTTP status when refused. */
export function openSocket(cloud: LocalCloud, ticket: string | undefined): Promise<Socket> {
  const query = ticket === undefined ? "" : `?ticket=${encodeURIComponent(ticket)}`;
  const ws = new WebSocket(`${cloud.urls.api.replace(/^http/, "ws")}/ws${query}`);
  const messages: Record<string, unknown>[] = [];
  const arrivals: number[] = [];
  const waiters: (() => void)[] = [];
  ws.on("message", (data) => {
    // The clock is read before parsing, so a latency does not include this process's own work.
    arrivals.push(performance.now());
    messages.push(JSON.parse(data.toString()) as Record<string, unknown>);
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<void>((done) => ws.on("close", () => done()));
  const socket: Socket = {
    ws,
    messages,
    arrivals,
    received: (count, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${messages.length} of ${count} messages after ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = () => {
          if (messages.length >= count) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      }),
    close: () => {
      ws.close();
      return closed;
    },
  };
  return new Promise((resolve, reject) => {
    ws.on("unexpected-response", (_request, response) => {
      reject(
        Object.assign(new Error(`handshake refused: ${response.statusCode}`), {
          status: response.statusCode,
        }),
      );
      ws.terminate();
    });
    ws.on("error", reject);
    ws.on("open", () => resolve(socket));
  });
}

/** The HTTP status a refused handshake answered (fails the test if it was accepted). */
export async function refusalOf(cloud: LocalCloud, ticket: string | undefined): Promise<number> {
  const outcome = await openSocket(cloud, ticket).then(
    async (socket) => {
      await socket.close();
      return 0;
    },
    (error: unknown) => (error as { status?: number }).status ?? -1,
  );
  return outcome;
}

/** Publishes the events the fan-out forwards, as the pipeline and the notifier do. */
export function eventPublishers(cloud: LocalCloud) {
  const client = new EventBridgeClient({
    region: cloud.region,
    endpoint: cloud.urls.eventbridge,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const publisher = (source: string) =>
    createEventPublisher({ client, busName: cloud.locator.eventBusName, source });
  const agents = publisher(AGENT_EVENT_SOURCE);
  const notifications = publisher(NOTIFICATION_EVENT_SOURCE);
  return {
    progress: (tenantId: TenantId, runId: string, correlationId: string) =>
      agents.publish(
        agentProgress,
        { runId, role: "blog-writer", step: "drafting", percent: 50 },
        { tenantId, correlationId },
      ),
    notify: (tenantId: TenantId, userId: string, correlationId: string) =>
      notifications.publish(
        notificationCreated,
        { notificationId: ulid(), userId, kind: "content.approved" },
        { tenantId, correlationId },
      ),
    destroy: () => client.destroy(),
  };
}

/** Runs `work` over `items`, at most `limit` at once. */
export async function inBatchesOf<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += limit) {
    results.push(...(await Promise.all(items.slice(i, i + limit).map(work))));
  }
  return results;
}
