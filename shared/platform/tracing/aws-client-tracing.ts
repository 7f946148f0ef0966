import { isThrottling } from "#shared/platform/aws-errors";
import { currentTraceParent, sendSubsegment } from "./invocation-trace.ts";
import { type AwsCallFields, causeOf, epochSeconds, newSegmentId, statusFlags } from "./segment-document.ts";
import { formatTraceHeader } from "./trace-header.ts";

/** The middleware's name in a client's stack; adding it twice is a no-op. */
export const AWS_CALL_TRACING = "platformAwsCallTracing";

/**
 * What the middleware needs of an AWS SDK v3 client (a `DynamoDBDocumentClient` shares its client's
 * stack): the parts of smithy's middleware stack and handler context it uses, written out so the
 * platform depends on no SDK package.
 */
interface TraceableClient {
  middlewareStack: {
    identify(): string[];
    // biome-ignore lint/suspicious/noExplicitAny: each client's stack has its own input and output types.
    add(middleware: any, options: { step: "build"; priority: "high"; name: string; override: boolean }): void;
  };
  config: { region?: unknown };
}

interface CallMetadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts?: number;
}

interface CallContext {
  clientName?: string;
  commandName?: string;
}

interface BuildArgs {
  input: object;
  request?: unknown;
}

type BuildNext = (args: BuildArgs) => Promise<{ output: { $metadata?: CallMetadata } }>;

/**
 * Records each call of `client` as an X-Ray subsegment (namespace `aws`: service, operation,
 * region, request id, retries, table or queue, status, and error/fault/throttle with the cause),
 * nested in the running invocation's trace, and passes the trace on in the request's
 * `X-Amzn-Trace-Id` (so a message sent to SQS links its consumer to this trace). It sits in the build
 * step, before the retries, so one subsegment covers a call with its retries. A call outside a
 * sampled invocation costs a header parse. Returns the client.
 */
export function traceAwsClient<C extends TraceableClient>(client: C): C {
  const stack = client.middlewareStack as TraceableClient["middlewareStack"] | undefined;
  // A stand-in with no middleware stack (a unit test's) has nothing to trace.
  if (stack === undefined) return client;
  if (stack.identify().some((entry: string) => entry.startsWith(`${AWS_CALL_TRACING} `))) return client;
  stack.add(awsCallTracing(client), {
    step: "build",
    priority: "high",
    name: AWS_CALL_TRACING,
    override: true,
  });
  return client;
}

function awsCallTracing(client: TraceableClient) {
  return (next: BuildNext, context: CallContext) => async (args: BuildArgs) => {
    const parent = currentTraceParent();
    if (!parent) return next(args);
    const id = newSegmentId();
    const startTime = epochSeconds();
    const request = args.request as { headers?: Record<string, string> } | undefined;
    if (request?.headers) {
      request.headers["X-Amzn-Trace-Id"] = formatTraceHeader({
        root: parent.traceId,
        parent: id,
        sampled: true,
      });
    }
    const region = await regionOf(client);
    const base = { type: "subsegment" as const, id, trace_id: parent.traceId, parent_id: parent.parentId };
    const name = serviceName(context);
    /** The call's subsegment, as far as its answer (or failure) tells. */
    const call = (metadata: CallMetadata | undefined) => ({
      ...base,
      name,
      namespace: "aws" as const,
      start_time: startTime,
      end_time: epochSeconds(),
      aws: awsFields(context, args.input, region, metadata),
      ...(metadata?.httpStatusCode === undefined
        ? {}
        : { http: { response: { status: metadata.httpStatusCode } } }),
    });
    try {
      const result = await next(args);
      sendSubsegment(call(result.output?.$metadata));
      return result;
    } catch (error) {
      const metadata = (error as { $metadata?: CallMetadata }).$metadata;
      const status = metadata?.httpStatusCode;
      const throttled = isThrottling(error);
      const flags = status === undefined ? { fault: true as const } : statusFlags(status);
      sendSubsegment({
        ...call(metadata),
        ...flags,
        ...(throttled ? { throttle: true as const, error: true as const } : {}),
        cause: causeOf(error, status !== undefined),
      });
      throw error;
    }
  };
}

/** The service as X-Ray names AWS nodes: `DynamoDB`, `SQS`, `EventBridge` (the client's name less `Client`). */
function serviceName(context: CallContext): string {
  return (context.clientName ?? "AWS").replace(/Client$/, "");
}

function awsFields(
  context: CallContext,
  input: object,
  region: string | undefined,
  metadata: CallMetadata | undefined,
): AwsCallFields {
  const named = input as { TableName?: unknown; QueueUrl?: unknown };
  return {
    operation: (context.commandName ?? "Unknown").replace(/Command$/, ""),
    ...(region === undefined ? {} : { region }),
    ...(metadata?.requestId === undefined ? {} : { request_id: metadata.requestId }),
    ...(metadata?.attempts === undefined ? {} : { retries: Math.max(0, metadata.attempts - 1) }),
    ...(typeof named.TableName === "string" ? { table_name: named.TableName } : {}),
    ...(typeof named.QueueUrl === "string" ? { queue_url: named.QueueUrl } : {}),
  };
}

/** The client's region: a string, or the provider SDK clients resolve it with. */
async function regionOf(client: TraceableClient): Promise<string | undefined> {
  const region = client.config.region;
  if (typeof region === "string") return region;
  if (typeof region !== "function") return undefined;
  try {
    const resolved: unknown = await region();
    return typeof resolved === "string" ? resolved : undefined;
  } catch {
    // The call itself resolves the region too and reports its failure; the trace just lacks it.
    return undefined;
  }
}
