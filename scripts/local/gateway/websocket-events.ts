/**
 * The events a WebSocket API gives its Lambda functions, as API Gateway builds them: the REQUEST
 * authorizer's input on `$connect` (with its `methodArn`), and the Lambda proxy events of `$connect`,
 * of each message and of `$disconnect`. Also the authorizer's answer, an IAM policy, and whether it
 * allows the connection.
 */
import { randomBytes } from "node:crypto";
import type { ApiIdentity } from "./http-api-event.ts";

/** The WebSocket API as its ARNs and events name it. */
export interface WebSocketApi extends ApiIdentity {
  stage: string;
}

/** The handshake of one connection, as the gateway received it. */
export interface Handshake {
  connectionId: string;
  /** Names as the client wrote them, every value of a repeated header. */
  headers: readonly [string, string][];
  rawQueryString: string;
  sourceIp: string;
  userAgent: string | undefined;
  connectedAt: number;
}

/** The authorizer's answer, as later events carry it in `requestContext.authorizer`. */
export type AuthorizerContext = Record<string, string | number | boolean>;

/** `L0SM9cOFvHcCIhw=`: the shape of a connection id (and of a request or message id). */
export function newWebSocketId(): string {
  return randomBytes(11).toString("base64");
}

/** The `requestTime` format of API Gateway: `09/Feb/2019:18:30:46 +0000`. */
export function formatRequestTime(time: number): string {
  const at = new Date(time);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(at.getUTCDate())}/${months[at.getUTCMonth()]}/${at.getUTCFullYear()}:${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`;
}

/** Single-value headers (repeated values joined by commas) and multi-value headers, names as sent. */
function headersOf(handshake: Handshake): {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
} {
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of handshake.headers) {
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  const headers = Object.fromEntries(
    Object.entries(multiValueHeaders).map(([name, values]) => [name, values.join(",")]),
  );
  return { headers, multiValueHeaders };
}

/** Query parameters, single-value (the last one wins, as in REST payloads) and multi-value. */
function queryOf(rawQueryString: string): {
  queryStringParameters?: Record<string, string>;
  multiValueQueryStringParameters?: Record<string, string[]>;
} {
  if (rawQueryString === "") return {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    multi[name] = [...(multi[name] ?? []), value];
  }
  const single = Object.fromEntries(
    Object.entries(multi).map(([name, values]) => [name, values.at(-1) ?? ""]),
  );
  return { queryStringParameters: single, multiValueQueryStringParameters: multi };
}

interface ContextInput {
  routeKey: string;
  eventType: "CONNECT" | "MESSAGE" | "DISCONNECT";
  requestId: string;
  time: number;
  authorizer?: AuthorizerContext;
}

function requestContextOf(api: WebSocketApi, handshake: Handshake, input: ContextInput) {
  return {
    routeKey: input.routeKey,
    eventType: input.eventType,
    extendedRequestId: input.requestId,
    requestTime: formatRequestTime(input.time),
    messageDirection: "IN",
    stage: api.stage,
    connectedAt: handshake.connectedAt,
    requestTimeEpoch: input.time,
    identity: {
      sourceIp: handshake.sourceIp,
      ...(handshake.userAgent === undefined ? {} : { userAgent: handshake.userAgent }),
    },
    requestId: input.requestId,
    domainName: api.domainName,
    connectionId: handshake.connectionId,
    apiId: api.apiId,
    ...(input.authorizer === undefined ? {} : { authorizer: input.authorizer }),
  };
}

/** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/$connect`: what the authorizer's policy must allow. */
export function connectMethodArn(api: WebSocketApi): string {
  return `arn:aws:execute-api:${api.region}:${api.account}:${api.apiId}/${api.stage}/$connect`;
}

/** The input of the REQUEST authorizer on `$connect`. */
export function authorizerEventOf(api: WebSocketApi, handshake: Handshake, requestId: string) {
  return {
    type: "REQUEST",
    methodArn: connectMethodArn(api),
    ...headersOf(handshake),
    ...queryOf(handshake.rawQueryString),
    stageVariables: {},
    requestContext: requestContextOf(api, handshake, {
      routeKey: "$connect",
      eventType: "CONNECT",
      requestId,
      time: handshake.connectedAt,
    }),
  };
}

/** The Lambda proxy event of `$connect`: the handshake's headers and query, the authorizer's answer. */
export function connectEventOf(
  api: WebSocketApi,
  handshake: Handshake,
  requestId: string,
  authorizer: AuthorizerContext | undefined,
) {
  return {
    ...headersOf(handshake),
    ...queryOf(handshake.rawQueryString),
    requestContext: requestContextOf(api, handshake, {
      routeKey: "$connect",
      eventType: "CONNECT",
      requestId,
      time: Date.now(),
      authorizer,
    }),
    isBase64Encoded: false,
  };
}

/** The Lambda proxy event of one message on the route it selected. */
export function messageEventOf(
  api: WebSocketApi,
  handshake: Handshake,
  message: { routeKey: string; requestId: string; messageId: string; body: string },
  authorizer: AuthorizerContext | undefined,
) {
  return {
    requestContext: {
      ...requestContextOf(api, handshake, {
        routeKey: message.routeKey,
        eventType: "MESSAGE",
        requestId: message.requestId,
        time: Date.now(),
        authorizer,
      }),
      messageId: message.messageId,
    },
    body: message.body,
    isBase64Encoded: false,
  };
}

/** The Lambda proxy event of `$disconnect`: the close code and reason, and the few headers API Gateway sends. */
export function disconnectEventOf(
  api: WebSocketApi,
  handshake: Handshake,
  close: { statusCode: number; reason: string; requestId: string },
  authorizer: AuthorizerContext | undefined,
) {
  const headers = { Host: api.domainName, "X-Forwarded-For": handshake.sourceIp };
  return {
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    requestContext: {
      ...requestContextOf(api, handshake, {
        routeKey: "$disconnect",
        eventType: "DISCONNECT",
        requestId: close.requestId,
        time: Date.now(),
        authorizer,
      }),
      disconnectStatusCode: close.statusCode,
      disconnectReason: close.reason,
    },
    isBase64Encoded: false,
  };
}

/**
 * The value of each of the authorizer's identity sources (`route.request.querystring.ticket`,
 * `route.request.header.Auth`), or `undefined` when one is missing or empty: API Gateway then refuses
 * the handshake with 401 without invoking the authorizer.
 */
export function identitySourceValues(sources: readonly string[], handshake: Handshake): string[] | undefined {
  const values: string[] = [];
  for (const source of sources) {
    const header = /^(?:route\.request|\$request)\.header\.(.+)$/.exec(source)?.[1];
    const query = /^(?:route\.request|\$request)\.querystring\.(.+)$/.exec(source)?.[1];
    let value: string | undefined;
    if (header !== undefined) {
      const wanted = header.toLowerCase();
      const found = handshake.headers.filter(([name]) => name.toLowerCase() === wanted).map(([, v]) => v);
      value = found.length === 0 ? undefined : found.join(",");
    } else if (query !== undefined) {
      value = new URLSearchParams(handshake.rawQueryString).getAll(query).at(-1);
    } else {
      throw new Error(`identity source ${source} is not supported by the local WebSocket gateway`);
    }
    if (value === undefined || value === "") return undefined;
    values.push(value);
  }
  return values;
}

/** What a WebSocket authorizer answered: an IAM policy over `execute-api:Invoke`, or something unusable. */
export type PolicyAnswer =
  | { kind: "allow"; context: AuthorizerContext }
  | { kind: "deny" }
  | { kind: "malformed"; reason: string };

interface Statement {
  Effect?: unknown;
  Action?: unknown;
  Resource?: unknown;
}

/** IAM's wildcards: `*` any run of characters, `?` one character. */
function wildcardMatches(pattern: string, value: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${regex}$`, "i").test(value) && pattern.length > 0;
}

function listOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/**
 * Reads the authorizer's answer as API Gateway does: `principalId` and a `policyDocument` whose
 * statements allow `execute-api:Invoke` on the `$connect` method ARN (an explicit Deny wins), and a
 * `context` of strings, numbers and booleans only (an object or array in it is an error).
 */
export function evaluatePolicy(answer: unknown, methodArn: string): PolicyAnswer {
  if (typeof answer !== "object" || answer === null) return { kind: "malformed", reason: "not an object" };
  const { principalId, policyDocument, context } = answer as Record<string, unknown>;
  if (typeof principalId !== "string") return { kind: "malformed", reason: "no principalId" };
  const statements = (policyDocument as { Statement?: unknown } | undefined)?.Statement;
  if (!Array.isArray(statements)) return { kind: "malformed", reason: "no policyDocument.Statement" };
  const values: AuthorizerContext = {};
  if (context !== undefined && context !== null) {
    if (typeof context !== "object") return { kind: "malformed", reason: "context is not an object" };
    for (const [key, value] of Object.entries(context)) {
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
        return { kind: "malformed", reason: `context.${key} is not a string, number or boolean` };
      values[key] = value;
    }
  }
  const applies = (statement: Statement) =>
    listOf(statement.Action).some((action) => wildcardMatches(action, "execute-api:Invoke")) &&
    listOf(statement.Resource).some((resource) => wildcardMatches(resource, methodArn));
  const matching = (statements as Statement[]).filter(applies);
  if (matching.some((s) => s.Effect === "Deny") || !matching.some((s) => s.Effect === "Allow"))
    return { kind: "deny" };
  return { kind: "allow", context: { ...values, principalId } };
}
