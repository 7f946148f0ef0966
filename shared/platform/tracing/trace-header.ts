/**
 * The X-Ray trace header Lambda gives each invocation
 * (`Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1`): the trace, the
 * function segment Lambda opened for the invocation (the parent of whatever the function records),
 * and whether the trace is sampled.
 */
export interface TraceHeader {
  /** The trace id, `1-<8 hex epoch seconds>-<24 hex>`. */
  root: string;
  /** The id of the segment the function's own subsegments belong to (16 hex). */
  parent?: string;
  /** `Sampled=1`; anything else (0, `?`, absent) is not sampled. */
  sampled: boolean;
}

const ROOT = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
const SEGMENT_ID = /^[0-9a-f]{16}$/;

/**
 * Reads a trace header; `undefined` when it has no valid `Root`. Field names are matched without
 * regard to case and spaces around `;` are allowed, as X-Ray's own parsers accept them.
 */
export function parseTraceHeader(value: string | undefined): TraceHeader | undefined {
  if (!value) return undefined;
  let root: string | undefined;
  let parent: string | undefined;
  let sampled = false;
  for (const field of value.split(";")) {
    const at = field.indexOf("=");
    if (at < 0) continue;
    const key = field.slice(0, at).trim().toLowerCase();
    const fieldValue = field.slice(at + 1).trim();
    if (key === "root") root = fieldValue;
    else if (key === "parent") parent = fieldValue;
    else if (key === "sampled") sampled = fieldValue === "1";
  }
  if (root === undefined || !ROOT.test(root)) return undefined;
  return { root, ...(parent !== undefined && SEGMENT_ID.test(parent) ? { parent } : {}), sampled };
}

/** Writes a trace header in X-Ray's form (what a downstream call carries). */
export function formatTraceHeader(header: TraceHeader): string {
  const parent = header.parent === undefined ? "" : `;Parent=${header.parent}`;
  return `Root=${header.root}${parent};Sampled=${header.sampled ? "1" : "0"}`;
}

/**
 * The running invocation's raw trace header. Newer Node runtimes hand it to the handler as
 * `context.xRayTraceId` (the only place it is when invocations run concurrently in one environment);
 * every runtime also sets `_X_AMZN_TRACE_ID` for the invocation when it runs one at a time.
 */
export function invocationTraceHeader(
  context: { xRayTraceId?: unknown } | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const fromContext = context?.xRayTraceId;
  return typeof fromContext === "string" && fromContext !== "" ? fromContext : env._X_AMZN_TRACE_ID;
}
