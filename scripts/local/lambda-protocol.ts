/** Messages between the local Lambda runtime and one worker process (a sandbox running one function). */

/** What the worker needs to build the handler's `context`. */
export interface InvokeContext {
  awsRequestId: string;
  functionName: string;
  memoryLimitInMB: string;
  invokedFunctionArn: string;
  logGroupName: string;
  logStreamName: string;
  /** Epoch milliseconds at which the invocation times out. */
  deadline: number;
  /** The invocation's X-Ray trace header (`_X_AMZN_TRACE_ID`, `context.xRayTraceId`). */
  xRayTraceId: string;
}

export type ToWorker = { type: "invoke"; id: string; event: unknown; context: InvokeContext };

export type FromWorker =
  | { type: "ready" }
  | { type: "init-error"; errorType: string; errorMessage: string }
  | { type: "result"; id: string; payload: string }
  | { type: "error"; id: string; errorType: string; errorMessage: string; trace: string[] };
