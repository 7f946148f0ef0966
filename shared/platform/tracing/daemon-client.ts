import { createSocket, type Socket } from "node:dgram";
import { isIP } from "node:net";
import type { SubsegmentDocument } from "./segment-document.ts";

/** The header line of every document sent to the X-Ray daemon. */
const HEADER = `${JSON.stringify({ format: "json", version: 1 })}\n`;

/** Where the daemon listens for UDP segment documents. */
export interface DaemonAddress {
  host: string;
  port: number;
}

/**
 * Reads `AWS_XRAY_DAEMON_ADDRESS`: `host:port` (Lambda sets `169.254.79.129:2000`), or the
 * two-protocol form `tcp:host:port udp:host:port`, of which the UDP one is ours. `undefined` when it
 * is absent or not an address: then nothing is sent.
 */
export function parseDaemonAddress(value: string | undefined): DaemonAddress | undefined {
  if (!value) return undefined;
  const parts = value.trim().split(/\s+/);
  const single = parts.length === 1 && !parts[0]?.startsWith("tcp:") ? parts[0] : undefined;
  const udp = parts.find((p) => p.startsWith("udp:"))?.slice(4) ?? single;
  if (udp === undefined) return undefined;
  const at = udp.lastIndexOf(":");
  const host = udp.slice(0, at).replace(/^\[(.*)\]$/, "$1");
  const port = Number(udp.slice(at + 1));
  if (at <= 0 || host === "" || !Number.isInteger(port) || port <= 0 || port > 65_535) return undefined;
  return { host, port };
}

/** Tells once why tracing failed; the handler goes on. */
export type Warn = (message: string, error: unknown) => void;

/**
 * Sends finished subsegments to the X-Ray daemon over UDP, one datagram each. Sending never throws
 * into the caller: a failure (socket error, an unreachable daemon) is told once through `warn`, and
 * later documents are still tried. The socket is opened on the first document and does not keep the
 * process alive.
 */
export class DaemonClient {
  #socket: Socket | undefined;
  #warned = false;

  constructor(
    readonly address: DaemonAddress,
    private readonly warn: Warn,
  ) {}

  send(document: SubsegmentDocument): void {
    try {
      const socket = this.#open();
      socket.send(HEADER + JSON.stringify(document), this.address.port, this.address.host, (error) => {
        if (error) this.#fail(error);
      });
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Closes the socket (tests; a Lambda environment just freezes). */
  close(): void {
    this.#socket?.close();
    this.#socket = undefined;
  }

  #open(): Socket {
    if (this.#socket) return this.#socket;
    const socket = createSocket(isIP(this.address.host) === 6 ? "udp6" : "udp4");
    socket.on("error", (error) => {
      this.#fail(error);
      // A broken socket is dropped; the next document opens another.
      if (this.#socket === socket) this.#socket = undefined;
      socket.close();
    });
    socket.unref();
    this.#socket = socket;
    return socket;
  }

  #fail(error: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    this.warn(
      `Could not send a trace document to the X-Ray daemon at ${this.address.host}:${this.address.port}`,
      error,
    );
  }
}
