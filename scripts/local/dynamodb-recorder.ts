/**
 * The recording proxy in front of DynamoDB Local, as a process of its own (`node --import tsx`,
 * started by `startDynamoDbLocal`): every DynamoDB request of every function passes through it, and in
 * the local cloud's own process it would wait behind the gateway and the runtime whenever they are
 * busy. Arguments: the port to listen on, DynamoDB Local's URL, the Region and the account of the ARNs.
 * It tells its parent over IPC `{ ready: port }`, each newly seen `{ call }` (a principal's
 * authorization, once) and `{ log }` lines, and answers the parent's `{ flush: n }` with
 * `{ flushed: n, counts }`: every principal's requests so far by operation (for the round-trip
 * counts), kept here rather than reported one message a request, which every DynamoDB call of every
 * function would pay; SIGTERM stops it.
 */
import type { Authorization } from "./aws-calls.ts";
import { DynamoDbOperationLog, type OperationCounts } from "./dynamodb-operations.ts";
import { dynamoDbAuthorizations } from "./iam-authorizations.ts";
import { describeError, type Log } from "./log.ts";
import { accessKeyIn, principalOfAccessKey } from "./principals.ts";
import { startRecordingProxy } from "./recording-proxy.ts";

/** What the recorder process tells its parent. */
export type RecorderMessage =
  | { ready: number }
  | { call: Authorization & { principal: string } }
  | { flushed: number; counts: OperationCounts }
  | { log: { level: Parameters<Log>[0]; message: string; detail?: string } };

const send = (message: RecorderMessage) => process.send?.(message);

async function main(): Promise<void> {
  const [port = "0", upstream = "", region = "", account = ""] = process.argv.slice(2);
  const seen = new Set<string>();
  const operations = new DynamoDbOperationLog();
  const proxy = await startRecordingProxy({
    name: "dynamodb",
    port: Number(port),
    upstream,
    onRequest: ({ headers, body }) => {
      // Only a principal's requests are parsed: the tests' own traffic costs nothing extra.
      const principal = principalOfAccessKey(accessKeyIn(headers.authorization));
      const target = headers["x-amz-target"];
      if (principal === undefined || typeof target !== "string") return;
      const operation = target.slice(target.indexOf(".") + 1);
      operations.add(principal, operation);
      const input = body.length === 0 ? {} : (JSON.parse(body.toString("utf8")) as Record<string, unknown>);
      for (const needed of dynamoDbAuthorizations(operation, input, { region, account })) {
        const key = `${principal} ${needed.action} ${needed.resource}`;
        if (seen.has(key)) continue;
        seen.add(key);
        send({ call: { principal, ...needed } });
      }
    },
    log: (level, message, detail) =>
      send({ log: { level, message, ...(detail === undefined ? {} : { detail: describeError(detail) }) } }),
  });
  process.once("SIGTERM", () => {
    proxy.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  // IPC keeps order: the answer follows every report sent before the question arrived.
  process.on("message", (message: { flush?: number }) => {
    if (typeof message.flush === "number") send({ flushed: message.flush, counts: operations.snapshot() });
  });
  // The parent going away ends the proxy too.
  process.once("disconnect", () => process.exit(0));
  send({ ready: proxy.port });
}

main().catch((error: unknown) => {
  process.stderr.write(`dynamodb recorder: ${describeError(error)}\n`);
  process.exit(1);
});
