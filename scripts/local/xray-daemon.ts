/**
 * The local X-Ray: a UDP listener where AWS has the X-Ray daemon (Lambda points functions at it with
 * `AWS_XRAY_DAEMON_ADDRESS`), which keeps every segment document it receives so tests can read the
 * traces, and the trace headers Lambda's active tracing and API Gateway give a request.
 */
import { randomBytes } from "node:crypto";
import { createSocket, type Socket } from "node:dgram";
import { formatTraceHeader, parseTraceHeader } from "#shared/platform/tracing/trace-header";
import type { Log } from "./log.ts";

/** A segment or subsegment document as received (X-Ray's schema; the fields tests read are typed). */
export interface TraceDocument {
  type?: string;
  name: string;
  id: string;
  trace_id: string;
  parent_id?: string;
  start_time: number;
  end_time?: number;
  namespace?: string;
  annotations?: Record<string, string | number | boolean>;
  aws?: Record<string, unknown>;
  http?: { response?: { status?: number } };
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  cause?: unknown;
}

/** A running local X-Ray daemon. */
export interface RunningXRayDaemon {
  /** `127.0.0.1:<port>`, the value of `AWS_XRAY_DAEMON_ADDRESS`. */
  address: string;
  /** Every document received so far, oldest first. */
  documents(): readonly TraceDocument[];
  /** Calls `listener` with each document received from now on; returns the unsubscribe function. */
  onDocument(listener: (document: TraceDocument) => void): () => void;
  stop(): Promise<void>;
}

/** The traces of a cloud whose daemon is not running. */
export const NO_TRACES: Pick<RunningXRayDaemon, "documents" | "onDocument"> = {
  documents: () => [],
  onDocument: () => () => false,
};

const HEADER = /^\{"format":\s*"json",\s*"version":\s*1\}\n/;

/**
 * Starts the daemon on 127.0.0.1 (`port` 0 = any free one). Each datagram must be the daemon
 * protocol's header line and one JSON document, as the X-Ray daemon requires; anything else is logged
 * as a warning and dropped, as the daemon drops it.
 */
export async function startXRayDaemon(options: { port: number; log: Log }): Promise<RunningXRayDaemon> {
  const { log } = options;
  const received: TraceDocument[] = [];
  const listeners = new Set<(document: TraceDocument) => void>();
  const socket: Socket = createSocket("udp4");
  socket.on("message", (message) => {
    const text = message.toString("utf8");
    const header = HEADER.exec(text);
    let document: TraceDocument | undefined;
    try {
      document = header ? (JSON.parse(text.slice(header[0].length)) as TraceDocument) : undefined;
    } catch (error) {
      log("warn", "x-ray: dropped a document that is not JSON", error);
      return;
    }
    if (document === undefined) {
      log("warn", `x-ray: dropped a datagram without the daemon header: ${text.slice(0, 80)}`);
      return;
    }
    received.push(document);
    log("debug", `x-ray: ${document.name} ${document.trace_id}`, document);
    for (const listener of listeners) listener(document);
  });
  socket.on("error", (error) => log("error", "x-ray: the daemon's socket failed", error));
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(options.port, "127.0.0.1", () => {
      socket.off("error", reject);
      resolve();
    });
  });
  return {
    address: `127.0.0.1:${socket.address().port}`,
    documents: () => received,
    onDocument: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** A new trace id, `1-<8 hex epoch seconds>-<24 hex>`, as X-Ray mints them. */
export function newTraceRoot(now: number = Date.now()): string {
  const epoch = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, "0");
  return `1-${epoch}-${randomBytes(12).toString("hex")}`;
}

/** A sampling rule: a fixed number of traced invocations each second, then a share of the rest. */
export interface SamplingRule {
  reservoirPerSecond: number;
  rate: number;
}

/** X-Ray's default rule, which Lambda's active tracing applies: one a second and 5 % of the rest. */
export const DEFAULT_SAMPLING: SamplingRule = { reservoirPerSecond: 1, rate: 0.05 };
/** Every invocation traced (for tests that read a trace). */
export const SAMPLE_ALL: SamplingRule = { reservoirPerSecond: 0, rate: 1 };
/** No invocation traced. */
export const SAMPLE_NONE: SamplingRule = { reservoirPerSecond: 0, rate: 0 };

/** Decides, invocation by invocation, under a rule that may change between decisions. */
export class Sampler {
  #second = -1;
  #taken = 0;

  constructor(public rule: SamplingRule = DEFAULT_SAMPLING) {}

  sample(now = Date.now()): boolean {
    const second = Math.floor(now / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#taken = 0;
    }
    if (this.#taken < this.rule.reservoirPerSecond) {
      this.#taken++;
      return true;
    }
    return Math.random() < this.rule.rate;
  }
}

/**
 * The trace header Lambda's active tracing gives an invocation that arrives without one (HTTP APIs,
 * event rules and SQS pass Lambda none here): a new trace, a new id for the function segment Lambda
 * opens (`Parent`), and the sampling decision.
 */
export function invocationTraceHeader(sampled: boolean): string {
  return formatTraceHeader({
    root: newTraceRoot(),
    parent: randomBytes(8).toString("hex"),
    sampled,
  });
}

/**
 * The `X-Amzn-Trace-Id` API Gateway passes to the integration: the client's, when it carries a valid
 * `Root`, else a new `Root=…` (API Gateway adds one to every request that has none).
 */
export function gatewayTraceHeader(incoming: string | undefined): string {
  return parseTraceHeader(incoming) && incoming !== undefined ? incoming : `Root=${newTraceRoot()}`;
}
