import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2 } from "aws-lambda";

/** One request as the gateway received it. */
export interface GatewayRequest {
  requestId: string;
  method: string;
  rawPath: string;
  rawQueryString: string;
  /** Lower-cased names, every value of a repeated header. */
  headers: Record<string, string[]>;
  body: Buffer;
  sourceIp: string;
  protocol: string;
  time: Date;
}

export interface ApiIdentity {
  apiId: string;
  region: string;
  account: string;
  domainName: string;
}

/** HTTP API passes these content types as text; every other body (or none declared) arrives base64. */
const TEXT_TYPES = [
  /^text\//,
  /^application\/(json|xml|javascript|x-www-form-urlencoded)\b/,
  /\+(json|xml)\b/,
];

export function isTextContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && TEXT_TYPES.some((pattern) => pattern.test(contentType.toLowerCase()));
}

/** Cookies of every `Cookie` header, one entry per cookie, as payload 2.0's `cookies`. */
export function cookiesOf(request: GatewayRequest): string[] {
  return (request.headers.cookie ?? []).flatMap((header) =>
    header
      .split(";")
      .map((c) => c.trim())
      .filter((c) => c !== ""),
  );
}

/** Headers as payload 2.0 has them: lower-case names, repeated values joined by commas, cookies apart. */
export function headersOf(request: GatewayRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(request.headers)) {
    if (name === "cookie") continue;
    headers[name] = values.join(",");
  }
  return headers;
}

/** Query parameters as payload 2.0 has them: decoded, repeated values joined by commas. */
export function queryOf(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === "") return undefined;
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  }
  return query;
}

function requestContextOf(request: GatewayRequest, routeKey: string, api: ApiIdentity) {
  return {
    accountId: api.account,
    apiId: api.apiId,
    domainName: api.domainName,
    domainPrefix: api.domainName.split(".")[0] ?? api.domainName,
    http: {
      method: request.method,
      path: request.rawPath,
      protocol: request.protocol,
      sourceIp: request.sourceIp,
      userAgent: request.headers["user-agent"]?.join(",") ?? "",
    },
    requestId: request.requestId,
    routeKey,
    stage: "$default",
    time: formatRequestTime(request.time),
    timeEpoch: request.time.getTime(),
  };
}

/** The `requestContext.time` format of API Gateway: `12/Mar/2020:19:03:58 +0000`. */
function formatRequestTime(time: Date): string {
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(time.getUTCDate())}/${months[time.getUTCMonth()]}/${time.getUTCFullYear()}:${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}:${pad(time.getUTCSeconds())} +0000`;
}

/** The payload 2.0 event of a Lambda proxy integration. */
export function proxyEventOf(
  request: GatewayRequest,
  match: { routeKey: string; pathParameters: Record<string, string> },
  api: ApiIdentity,
  authorizerContext: Record<string, unknown> | undefined,
): APIGatewayProxyEventV2 & { requestContext: { authorizer?: { lambda: Record<string, unknown> } } } {
  const cookies = cookiesOf(request);
  const query = queryOf(request.rawQueryString);
  const text = isTextContentType(request.headers["content-type"]?.[0]);
  const event: APIGatewayProxyEventV2 & {
    requestContext: { authorizer?: { lambda: Record<string, unknown> } };
  } = {
    version: "2.0",
    routeKey: match.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    headers: headersOf(request),
    requestContext: {
      ...requestContextOf(request, match.routeKey, api),
      ...(authorizerContext === undefined ? {} : { authorizer: { lambda: authorizerContext } }),
    },
    isBase64Encoded: request.body.length > 0 && !text,
  };
  if (cookies.length > 0) event.cookies = cookies;
  if (query !== undefined) event.queryStringParameters = query;
  if (Object.keys(match.pathParameters).length > 0) event.pathParameters = match.pathParameters;
  if (request.body.length > 0) event.body = request.body.toString(text ? "utf8" : "base64");
  return event;
}

/** The payload 2.0 event of a REQUEST Lambda authorizer. */
export function authorizerEventOf(
  request: GatewayRequest,
  match: { routeKey: string; pathParameters: Record<string, string> },
  api: ApiIdentity,
  identitySource: string[],
): APIGatewayRequestAuthorizerEventV2 {
  const [method, ...path] = match.routeKey.split(" ");
  const event: APIGatewayRequestAuthorizerEventV2 = {
    version: "2.0",
    type: "REQUEST",
    routeArn: `arn:aws:execute-api:${api.region}:${api.account}:${api.apiId}/$default/${method}${path.join(" ")}`,
    identitySource,
    routeKey: match.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    cookies: cookiesOf(request),
    headers: headersOf(request),
    requestContext: requestContextOf(request, match.routeKey, api),
    pathParameters: match.pathParameters,
    stageVariables: {},
  };
  const query = queryOf(request.rawQueryString);
  if (query !== undefined) event.queryStringParameters = query;
  return event;
}

/**
 * The values of the authorizer's identity sources for this request, in order, or `undefined` when one is
 * missing or empty (API Gateway then answers 401 without invoking the authorizer).
 */
export function identitySourceValues(
  sources: readonly string[],
  request: GatewayRequest,
  routeKey: string,
): string[] | undefined {
  const values: string[] = [];
  for (const source of sources) {
    const value = identitySourceValue(source, request, routeKey);
    if (value === undefined || value === "") return undefined;
    values.push(value);
  }
  return values;
}

function identitySourceValue(source: string, request: GatewayRequest, routeKey: string): string | undefined {
  const header = /^\$request\.header\.(.+)$/.exec(source);
  if (header?.[1]) return request.headers[header[1].toLowerCase()]?.join(",");
  const query = /^\$request\.querystring\.(.+)$/.exec(source);
  if (query?.[1]) return queryOf(request.rawQueryString)?.[query[1]];
  if (source === "$context.routeKey") return routeKey;
  if (source === "$context.requestId") return request.requestId;
  if (source === "$context.httpMethod") return request.method;
  throw new Error(`identity source ${source} is not supported by the local gateway`);
}
