/** An HTTP response as the gateway sends it: status, headers (repeatable), body bytes. */
export interface GatewayResponse {
  statusCode: number;
  headers: [string, string][];
  body: Buffer;
}

/** A response of API Gateway's own (`{"message": …}`), as it answers for its errors. */
export function gatewayMessage(statusCode: number, message: string): GatewayResponse {
  return {
    statusCode,
    headers: [["content-type", "application/json"]],
    body: Buffer.from(JSON.stringify({ message })),
  };
}

export const GATEWAY_ERRORS = {
  unauthorized: () => gatewayMessage(401, "Unauthorized"),
  forbidden: () => gatewayMessage(403, "Forbidden"),
  notFound: () => gatewayMessage(404, "Not Found"),
  tooLarge: () => gatewayMessage(413, "Request Entity Too Large"),
  internal: () => gatewayMessage(500, "Internal Server Error"),
  unavailable: () => gatewayMessage(503, "Service Unavailable"),
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * How HTTP API reads a payload 2.0 function result. An object with `statusCode` is a structured response
 * (`headers`, `multiValueHeaders`, `cookies` → one `Set-Cookie` each, `body`, `isBase64Encoded`). Anything
 * else is a body: 200, `content-type: application/json`, a string as is, any other value as its JSON.
 * A structured response it cannot use is a 500, as the integration response is then malformed.
 */
export function responseOf(payload: unknown): GatewayResponse {
  if (!isRecord(payload) || !("statusCode" in payload)) {
    const body = typeof payload === "string" ? payload : JSON.stringify(payload);
    return { statusCode: 200, headers: [["content-type", "application/json"]], body: Buffer.from(body) };
  }
  const statusCode = Number(payload.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return GATEWAY_ERRORS.internal();
  const headers: [string, string][] = [];
  if (isRecord(payload.headers)) {
    for (const [name, value] of Object.entries(payload.headers))
      headers.push([name.toLowerCase(), String(value)]);
  }
  if (isRecord(payload.multiValueHeaders)) {
    for (const [name, values] of Object.entries(payload.multiValueHeaders)) {
      if (!Array.isArray(values)) continue;
      const lower = name.toLowerCase();
      const others = headers.filter(([n]) => n !== lower);
      headers.length = 0;
      headers.push(...others, [lower, values.map(String).join(",")]);
    }
  }
  if (Array.isArray(payload.cookies)) {
    for (const cookie of payload.cookies) headers.push(["set-cookie", String(cookie)]);
  }
  const rawBody = payload.body;
  const text =
    rawBody === undefined || rawBody === null
      ? ""
      : typeof rawBody === "string"
        ? rawBody
        : JSON.stringify(rawBody);
  const body = payload.isBase64Encoded === true ? Buffer.from(text, "base64") : Buffer.from(text);
  return { statusCode, headers, body };
}
