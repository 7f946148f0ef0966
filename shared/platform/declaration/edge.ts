/**
 * The front door's contract with the API: the header CloudFront adds to every origin request with the
 * value of the origin secret, and the header that carries the viewer's address. The CDK app (the
 * distribution's custom origin header, the authorizers' identity sources), the authorizer, the handler
 * kit and the local edge all name them through this one place.
 */
export const EDGE = {
  /** The custom origin header CloudFront adds; only a request that carries it reaches a function. */
  originHeader: "x-origin-verify",
  /** The declared secret whose `current` value CloudFront sends (and whose `previous` is still accepted). */
  originSecret: "origin-verify",
  /** CloudFront's viewer-address header (`ip:port`), forwarded by the `/api/*` origin request policy. */
  viewerAddressHeader: "cloudfront-viewer-address",
} as const;

/** The identity source that names the origin header, as API Gateway spells it. */
export const ORIGIN_IDENTITY_SOURCE = `$request.header.${EDGE.originHeader}`;
