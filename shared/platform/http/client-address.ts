import { isIP } from "node:net";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { EDGE } from "#shared/platform/declaration/edge";

/** What the authorizer's answer carries when it has verified the origin header (`origin` key). */
export const ORIGIN_VERIFIED = "verified";

/**
 * The IP of `CloudFront-Viewer-Address` (`ip:port`): an IPv4 address, or an IPv6 address written
 * without brackets as CloudFront does (`2001:db8::1:443`) or with them (`[2001:db8::1]:443`). The
 * port is everything after the last colon and must be a port number; the rest must be an IP address
 * by `net.isIP`. Anything else — a missing port, a host name, a list — is `undefined`.
 */
export function parseViewerAddress(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const at = value.lastIndexOf(":");
  if (at <= 0) return undefined;
  const port = value.slice(at + 1);
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65_535) return undefined;
  let host = value.slice(0, at);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  else if (host.includes("[") || host.includes("]")) return undefined;
  return isIP(host) === 0 ? undefined : host;
}

/** The client's address and where it came from, for limits and audit. */
export interface ClientAddress {
  ip: string;
  /**
   * `viewer`: CloudFront's viewer address on a request whose origin header the authorizer verified;
   * `socket`: the peer API Gateway saw (a declaration without a front door);
   * `fallback`: a verified request whose viewer address was missing or malformed — the edge's address.
   */
  source: "viewer" | "socket" | "fallback";
}

/**
 * The client's address: the viewer address CloudFront passed, but only on a request the authorizer
 * stamped as coming through the front door (a client can set any header; only CloudFront knows the
 * origin secret, and CloudFront replaces a viewer's own `CloudFront-Viewer-Address`). Without the
 * stamp the request came straight from its peer, whose address is the socket's.
 */
export function clientAddressOf(event: APIGatewayProxyEventV2): ClientAddress {
  const socket = event.requestContext.http.sourceIp;
  const lambda = (event.requestContext as { authorizer?: { lambda?: Record<string, unknown> } }).authorizer
    ?.lambda;
  if (lambda?.origin !== ORIGIN_VERIFIED) return { ip: socket, source: "socket" };
  const viewer = parseViewerAddress(event.headers?.[EDGE.viewerAddressHeader]);
  return viewer === undefined ? { ip: socket, source: "fallback" } : { ip: viewer, source: "viewer" };
}
