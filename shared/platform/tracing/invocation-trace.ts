import { logger } from "#shared/platform/logger";
import { DaemonClient, parseDaemonAddress, type Warn } from "./daemon-client.ts";
import {
  causeOf,
  epochSeconds,
  newSegmentId,
  type SubsegmentDocument,
  statusFlags,
} from "./segment-document.ts";
import { invocationTraceHeader, parseTraceHeader } from "./trace-header.ts";

/** Where a new subsegment belongs: its trace and the segment it nests in. */
export interface TraceParent {
  traceId: string;
  parentId: string;
}

/** The `## handler` subsegment of a sampled invocation, open until `endInvocation`. */
export interface InvocationTrace extends TraceParent {
  /** This subsegment's id: the parent of the invocation's AWS calls. */
  id: string;
  startTime: number;
  annotations: Record<string, string | number | boolean>;
}

const warnOnce: Warn = (message, error) => logger.warn(message, { error });

let daemon: DaemonClient | null | undefined;
let coldStart = true;
/**
 * The invocation running now. Lambda runs one invocation at a time in an execution environment
 * (without `AWS_LAMBDA_MAX_CONCURRENCY`), so a module variable is the invocation's scope, at no cost
 * to code that never traces (no `async_hooks`).
 */
let active: InvocationTrace | undefined;

/** The daemon named by `AWS_XRAY_DAEMON_ADDRESS`, read once; `null` when there is none. */
function daemonClient(): DaemonClient | null {
  if (daemon === undefined) {
    const address = parseDaemonAddress(process.env.AWS_XRAY_DAEMON_ADDRESS);
    daemon = address ? new DaemonClient(address, warnOnce) : null;
  }
  return daemon;
}

/** Sends a finished subsegment, if there is a daemon; never throws. */
export function sendSubsegment(document: SubsegmentDocument): void {
  daemonClient()?.send(document);
}

/**
 * Opens the invocation's `## handler` subsegment when the invocation is sampled and there is a
 * daemon to send it to; otherwise `undefined`, having cost a header parse. Annotated with
 * `ColdStart` and `Service` (`POWERTOOLS_SERVICE_NAME`), as the Powertools Tracer did.
 */
export function startInvocation(context?: { xRayTraceId?: unknown }): InvocationTrace | undefined {
  const isColdStart = coldStart;
  coldStart = false;
  active = undefined;
  const header = parseTraceHeader(invocationTraceHeader(context));
  if (!header?.sampled || header.parent === undefined || daemonClient() === null) return undefined;
  const service = process.env.POWERTOOLS_SERVICE_NAME;
  active = {
    traceId: header.root,
    parentId: header.parent,
    id: newSegmentId(),
    startTime: epochSeconds(),
    annotations: { ColdStart: isColdStart, ...(service ? { Service: service } : {}) },
  };
  return active;
}

/** Adds an annotation (indexed, searchable in X-Ray) to the running invocation's subsegment, if traced. */
export function annotate(key: string, value: string | number | boolean): void {
  if (active) active.annotations[key] = value;
}

/**
 * Closes and sends the invocation's subsegment: with `status` (the HTTP status answered) its
 * error/fault/throttle flags, with `error` (a failure nobody turned into a response) a fault and its
 * cause.
 */
export function endInvocation(
  trace: InvocationTrace,
  outcome: { status?: number; error?: unknown } = {},
): void {
  if (active === trace) active = undefined;
  const document: SubsegmentDocument = {
    type: "subsegment",
    name: "## handler",
    id: trace.id,
    trace_id: trace.traceId,
    parent_id: trace.parentId,
    start_time: trace.startTime,
    end_time: epochSeconds(),
    annotations: trace.annotations,
    ...statusFlags(outcome.status),
  };
  if (outcome.error !== undefined) {
    if (outcome.status === undefined) document.fault = true;
    document.cause = causeOf(outcome.error, false);
  }
  sendSubsegment(document);
}

/**
 * Where a subsegment starting now belongs: the running invocation's `## handler`, or, in a function
 * that opens none, Lambda's own segment for the invocation (`_X_AMZN_TRACE_ID`). `undefined` when the
 * invocation is not sampled, outside an invocation (init), or with no daemon.
 */
export function currentTraceParent(): TraceParent | undefined {
  if (active) return { traceId: active.traceId, parentId: active.id };
  const header = parseTraceHeader(process.env._X_AMZN_TRACE_ID);
  if (!header?.sampled || header.parent === undefined || daemonClient() === null) return undefined;
  return { traceId: header.root, parentId: header.parent };
}

/** Forgets the daemon and the cold start (tests change `AWS_XRAY_DAEMON_ADDRESS` between cases). */
export function resetTracing(): void {
  daemon?.close();
  daemon = undefined;
  coldStart = true;
  active = undefined;
}
