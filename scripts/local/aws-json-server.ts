import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { Authorization, AwsCallLog } from "./aws-calls.ts";
import type { Log } from "./log.ts";
import { close, createServer, listen, readBody } from "./net.ts";

/** An error the way an AWS JSON-protocol service reports it: `__type`, `message`, an HTTP status. */
export class AwsServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = "AwsServiceError";
  }
}

export type Operation = (input: Record<string, unknown>) => unknown;

export interface AwsJsonServerOptions {
  /** Shown in logs, e.g. `secrets-manager`. */
  name: string;
  /** The `X-Amz-Target` prefix, e.g. `secretsmanager` or `AWSEvents`. */
  targetPrefix: string;
  /** `1.0` or `1.1`: the content type the service answers with. */
  jsonVersion: "1.0" | "1.1";
  /**
   * For a service whose SDK client speaks JSON in awsQuery-compatible mode (CloudWatch): an error
   * (`AwsServiceError.type`, its awsQuery code) answers `__type: <namespace>#<shape>`, the modeled
   * error's shape (`shapes[code]`, else the code), and `x-amzn-query-error: <code>;Sender` (or
   * `;Receiver` for a 5xx), from which the SDK picks that shape and sets the error's `Code`.
   */
  queryCompatible?: { namespace: string; shapes?: Readonly<Record<string, string>> };
  operations: Record<string, Operation>;
  /**
   * Where each request's authorizations (`authorize`) are recorded under the principal that signed it,
   * before the operation runs, as IAM decides before the service acts.
   */
  record?: {
    calls: AwsCallLog;
    authorize: (operation: string, input: Record<string, unknown>) => Authorization[];
  };
  port: number;
  log: Log;
}

export interface RunningServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * A minimal AWS JSON-protocol endpoint (what the SDK v3 clients of Secrets Manager and EventBridge
 * speak): `POST /` with `X-Amz-Target: <prefix>.<Operation>` and a JSON body. Signatures are not
 * checked; the caller is told by the access key id it signed with (`principals.ts`).
 */
export async function startAwsJsonServer(options: AwsJsonServerOptions): Promise<RunningServer> {
  const contentType = `application/x-amz-json-${options.jsonVersion}`;
  const server: Server = createServer((request, response) => {
    const requestId = randomUUID();
    const reply = (status: number, body: unknown, errorHeaders: Record<string, string> = {}) => {
      const headers = { "content-type": contentType, "x-amzn-requestid": requestId, ...errorHeaders };
      response.writeHead(status, headers).end(JSON.stringify(body));
    };
    const fail = (error: AwsServiceError) => {
      const compatible = options.queryCompatible;
      if (compatible === undefined) {
        reply(
          error.status,
          { __type: error.type, message: error.message },
          { "x-amzn-errortype": error.type },
        );
        return;
      }
      reply(
        error.status,
        {
          __type: `${compatible.namespace}#${compatible.shapes?.[error.type] ?? error.type}`,
          message: error.message,
        },
        { "x-amzn-query-error": `${error.type};${error.status < 500 ? "Sender" : "Receiver"}` },
      );
    };
    const handle = async () => {
      const target = request.headers["x-amz-target"];
      const name =
        typeof target === "string" && target.startsWith(`${options.targetPrefix}.`)
          ? target.slice(options.targetPrefix.length + 1)
          : undefined;
      const operation = name === undefined ? undefined : options.operations[name];
      if (request.method !== "POST" || name === undefined || operation === undefined) {
        fail(new AwsServiceError("UnknownOperationException", `Unknown operation ${String(target)}`));
        return;
      }
      const raw = await readBody(request, 6 * 1024 * 1024);
      let input: unknown;
      try {
        input = raw === undefined || raw.length === 0 ? {} : JSON.parse(raw.toString("utf8"));
      } catch (error) {
        options.log("debug", `${options.name}: malformed JSON body`, error);
        fail(new AwsServiceError("SerializationException", "The request body is not valid JSON"));
        return;
      }
      if (typeof input !== "object" || input === null || Array.isArray(input)) {
        fail(new AwsServiceError("SerializationException", "The request body must be a JSON object"));
        return;
      }
      options.record?.calls.record(
        request.headers.authorization,
        options.record.authorize(name, input as Record<string, unknown>),
      );
      reply(200, await operation(input as Record<string, unknown>));
    };
    handle().catch((error: unknown) => {
      if (error instanceof AwsServiceError) {
        fail(error);
        return;
      }
      options.log("error", `${options.name}: internal error`, error);
      fail(new AwsServiceError("InternalFailure", "The request processing has failed.", 500));
    });
  });
  const port = await listen(server, options.port);
  return { port, url: `http://127.0.0.1:${port}`, stop: () => close(server) };
}

/** A required string member of a request, or the `ValidationException` AWS answers without it. */
export function requiredString(input: Record<string, unknown>, member: string): string {
  const value = input[member];
  if (typeof value !== "string" || value.length === 0) {
    throw new AwsServiceError(
      "ValidationException",
      `1 validation error detected: Value null at '${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}
