/**
 * The portal's one WebSocket: a single-use ticket per connection, reconnects with backoff and
 * jitter, a ping every few minutes (API Gateway closes idle sockets after 10), and a `reconnected`
 * signal after every reconnect so views re-read what they may have missed (events are not replayed).
 */
import type { ApiCall } from "../api/client.ts";
import { reconnectDelayMs } from "./backoff.ts";
import { messageOf, type RealtimeMessage } from "./messages.ts";

export type ConnectionStatus = "connecting" | "open" | "closed";

export interface RealtimeHandlers {
  message(message: RealtimeMessage): void;
  /** The socket is open again after having been lost: catch up on what happened meanwhile. */
  reconnected(): void;
  status(status: ConnectionStatus): void;
}

const PING_INTERVAL_MS = 4 * 60_000;

export function socketUrl(location: Pick<Location, "protocol" | "host">, ticket: string): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws?ticket=${encodeURIComponent(ticket)}`;
}

/** Opens and keeps open the realtime socket until `stop()` is called. */
export function connectRealtime(call: ApiCall, handlers: RealtimeHandlers): { stop(): void } {
  let stopped = false;
  let attempt = 0;
  let everOpened = false;
  let socket: WebSocket | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let ping: ReturnType<typeof setInterval> | undefined;

  function scheduleReconnect() {
    if (stopped) return;
    handlers.status("closed");
    retry = setTimeout(() => void open(), reconnectDelayMs(attempt));
    attempt += 1;
  }

  async function open() {
    if (stopped) return;
    handlers.status("connecting");
    let ticket: string;
    try {
      ({ ticket } = await call("POST /api/realtime/v1/ticket"));
    } catch {
      // Signed out or offline: the session decides; try again later while this page lives.
      scheduleReconnect();
      return;
    }
    if (stopped) return;
    const current = new WebSocket(socketUrl(window.location, ticket));
    socket = current;
    current.addEventListener("open", () => {
      attempt = 0;
      handlers.status("open");
      if (everOpened) handlers.reconnected();
      everOpened = true;
      ping = setInterval(() => current.send(JSON.stringify({ action: "ping" })), PING_INTERVAL_MS);
    });
    current.addEventListener("message", (event) => {
      if (typeof event.data !== "string") return;
      const message = messageOf(event.data);
      if (message) handlers.message(message);
    });
    current.addEventListener("close", () => {
      clearInterval(ping);
      if (socket === current) scheduleReconnect();
    });
  }

  void open();
  return {
    stop() {
      stopped = true;
      clearTimeout(retry);
      clearInterval(ping);
      socket?.close(1000, "page closed");
    },
  };
}
