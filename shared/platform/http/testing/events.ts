import type { APIGatewayProxyEventV2, Context } from "aws-lambda";

/** An HTTP API payload 2.0 event, for unit tests of a handler. Gateway-level behaviour is tested against the local gateway. */
export function httpEvent(overrides: {
  routeKey: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  authorizer?: Record<string, string>;
}): APIGatewayProxyEventV2 {
  const [method = "GET", template = "/"] = overrides.routeKey.split(" ");
  const path = overrides.path ?? template;
  return {
    version: "2.0",
    routeKey: overrides.routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(overrides.query ?? {}).toString(),
    headers: overrides.headers ?? {},
    queryStringParameters: overrides.query,
    pathParameters: overrides.pathParameters,
    body: overrides.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: "localhost",
      domainPrefix: "localhost",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "vitest" },
      requestId: "gw-request-id",
      routeKey: overrides.routeKey,
      stage: "$default",
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      ...(overrides.authorizer ? { authorizer: { lambda: overrides.authorizer } } : {}),
    },
  } as APIGatewayProxyEventV2;
}

export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: "test",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:test",
    memoryLimitInMB: "256",
    awsRequestId: "lambda-request-id",
    logGroupName: "/aws/lambda/test",
    logStreamName: "stream",
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
