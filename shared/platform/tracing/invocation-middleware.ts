import type { MiddlewareObj } from "@middy/core";
import type { Context } from "aws-lambda";
import { endInvocation, type InvocationTrace, startInvocation } from "./invocation-trace.ts";

const TRACE = Symbol("trace");
type TracedContext = Context & { [TRACE]?: InvocationTrace };

/**
 * The middy middleware that records a sampled invocation as a `## handler` subsegment. Use it first,
 * so its `after`/`onError` run last and see the response the other middlewares settled on: an HTTP
 * response's status sets the error/fault/throttle flags; an error nobody turned into a response is a
 * fault with its cause.
 */
export function traceInvocation<E, R>(): MiddlewareObj<E, R, Error, Context> {
  return {
    before: ({ context }) => {
      // Set even when undefined: a context object reused by a caller must not carry an earlier trace.
      (context as TracedContext)[TRACE] = startInvocation(context as { xRayTraceId?: unknown });
    },
    after: ({ context, response }) => {
      const trace = (context as TracedContext)[TRACE];
      if (trace) endInvocation(trace, { status: statusOf(response) });
    },
    onError: ({ context, response, error }) => {
      const trace = (context as TracedContext)[TRACE];
      if (trace) endInvocation(trace, { status: statusOf(response), error });
    },
  };
}

function statusOf(response: unknown): number | undefined {
  const status = (response as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === "number" ? status : undefined;
}
