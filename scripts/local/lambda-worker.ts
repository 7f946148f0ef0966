/**
 * One Lambda sandbox: a Node process that imports the function's bundle (built as it deploys, see
 * `function-bundles.ts`) at start, as Lambda's init phase does, then runs one invocation at a time on request of the runtime.
 * Results travel as JSON text, as Lambda serialises them.
 */
import { pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";
import type { FromWorker, InvokeContext, ToWorker } from "./lambda-protocol.ts";

type Handler = (event: unknown, context: Context) => unknown;

const entry = process.argv[2];

function send(message: FromWorker): void {
  process.send?.(message);
}

function errorParts(error: unknown): { errorType: string; errorMessage: string; trace: string[] } {
  if (error instanceof Error) {
    return { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? "").split("\n") };
  }
  return { errorType: "Error", errorMessage: String(error), trace: [] };
}

function contextOf(init: InvokeContext): Context & { xRayTraceId: string } {
  const legacy = () => {
    throw new Error("context.done/succeed/fail are not supported: return or throw from the handler");
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: init.functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: init.invokedFunctionArn,
    memoryLimitInMB: init.memoryLimitInMB,
    awsRequestId: init.awsRequestId,
    logGroupName: init.logGroupName,
    logStreamName: init.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, init.deadline - Date.now()),
    xRayTraceId: init.xRayTraceId,
    done: legacy,
    fail: legacy,
    succeed: legacy,
  };
}

let current: string | undefined;

// Like Lambda's runtime: an error escaping the handler's promise chain fails the running invocation
// and ends the sandbox; the next invocation gets a fresh one.
process.on("uncaughtException", (error) => {
  if (current !== undefined) send({ type: "error", id: current, ...errorParts(error) });
  else console.error("uncaught exception outside an invocation", error);
  process.exit(1);
});

async function main(): Promise<void> {
  if (entry === undefined) throw new Error("lambda-worker: missing entry argument");
  let handler: Handler;
  try {
    const module: Record<string, unknown> = await import(pathToFileURL(entry).href);
    if (typeof module.handler !== "function") {
      send({
        type: "init-error",
        errorType: "Runtime.HandlerNotFound",
        errorMessage: `${entry} does not export handler`,
      });
      return;
    }
    handler = module.handler as Handler;
  } catch (error) {
    const parts = errorParts(error);
    const missing = error instanceof Error && "code" in error && error.code === "ERR_MODULE_NOT_FOUND";
    console.error(`init of ${entry} failed`, error);
    send({
      type: "init-error",
      errorType: missing ? "Runtime.ImportModuleError" : parts.errorType,
      errorMessage: parts.errorMessage,
    });
    return;
  }
  process.on("message", (message: ToWorker) => {
    current = message.id;
    // As Lambda's runtime does for an invocation (newer runtimes also pass it as context.xRayTraceId).
    process.env._X_AMZN_TRACE_ID = message.context.xRayTraceId;
    Promise.resolve()
      .then(() => handler(message.event, contextOf(message.context)))
      .then((result) => JSON.stringify(result ?? null))
      .then(
        (payload) => send({ type: "result", id: message.id, payload }),
        (error: unknown) => send({ type: "error", id: message.id, ...errorParts(error) }),
      )
      .finally(() => {
        current = undefined;
      });
  });
  send({ type: "ready" });
}

main().catch((error: unknown) => {
  console.error("lambda-worker failed", error);
  process.exit(1);
});
