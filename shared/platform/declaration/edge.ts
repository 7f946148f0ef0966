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

/** The parts of a declaration that make a front door; `types.ts` imports nothing from here. */
interface FrontDoorParts {
  authorizer: {
    identitySource: readonly string[];
    publicIdentitySource?: readonly string[];
    bindings?: { secrets?: readonly string[] };
  };
  secrets: readonly { name: string; localValue: unknown; readAtTheEdge?: boolean }[];
}

/**
 * A front door is all or nothing: a declaration that has any part of it (the origin secret, or a
 * public identity source) must have every part, or a route would be left open around CloudFront —
 * or every request refused for a secret CloudFront never sends.
 */
export function frontDoorProblems(declaration: FrontDoorParts): string[] {
  const secret = declaration.secrets.find((s) => s.name === EDGE.originSecret);
  const { authorizer } = declaration;
  if (secret === undefined && authorizer.publicIdentitySource === undefined) return [];
  const problems: string[] = [];
  if (secret?.localValue !== "origin-secret" || secret.readAtTheEdge !== true) {
    problems.push(
      `a front door needs the secret "${EDGE.originSecret}" as an origin secret read at the edge`,
    );
  }
  if (!authorizer.identitySource.includes(ORIGIN_IDENTITY_SOURCE)) {
    problems.push(`a front door needs ${ORIGIN_IDENTITY_SOURCE} in the authorizer's identity source`);
  }
  if (JSON.stringify(authorizer.publicIdentitySource) !== JSON.stringify([ORIGIN_IDENTITY_SOURCE])) {
    problems.push(
      `a front door needs the public routes' identity source to be exactly ${ORIGIN_IDENTITY_SOURCE}`,
    );
  }
  if (!authorizer.bindings?.secrets?.includes(EDGE.originSecret)) {
    problems.push(`a front door needs the authorizer bound to the secret "${EDGE.originSecret}"`);
  }
  return problems;
}

/**
 * The security headers the front door adds to every response of the portal and the HTTP API (not to a
 * WebSocket handshake), replacing any an origin set: the Web stack's CloudFront response headers policy
 * and the local edge both read them from here. The portal is one origin — its scripts, styles, API
 * calls and WebSocket (CSP Level 3 `'self'` covers `ws:`/`wss:` on the same host) — so the CSP allows
 * nothing else: no inline script or style element, no other origin, no framing.
 */
export const SECURITY_HEADERS = {
  /** Two years, subdomains included (browsers ignore it over plain HTTP, as locally). */
  strictTransportSecurity: { maxAgeSeconds: 63_072_000, includeSubdomains: true },
  contentSecurityPolicy: [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; "),
  frameOptions: "DENY",
  contentTypeOptions: "nosniff",
  referrerPolicy: "strict-origin-when-cross-origin",
} as const;

/** The security headers as HTTP header names and values (lower-case names, as Node gives them). */
export function securityHeaders(): Record<string, string> {
  const hsts = SECURITY_HEADERS.strictTransportSecurity;
  return {
    "strict-transport-security": `max-age=${hsts.maxAgeSeconds}${hsts.includeSubdomains ? "; includeSubDomains" : ""}`,
    "content-security-policy": SECURITY_HEADERS.contentSecurityPolicy,
    "x-frame-options": SECURITY_HEADERS.frameOptions,
    "x-content-type-options": SECURITY_HEADERS.contentTypeOptions,
    "referrer-policy": SECURITY_HEADERS.referrerPolicy,
  };
}

/**
 * How the portal's build (Vite's `index.html` and hashed `assets/`) is stored and served: hashed files
 * under `assets/` never change, so browsers keep them a year; everything else (`index.html`, which
 * names the current assets) is revalidated on every load.
 */
export const PORTAL = {
  index: "index.html",
  assetsPrefix: "assets/",
  assetsCacheControl: "public, max-age=31536000, immutable",
  pagesCacheControl: "no-cache",
} as const;

/** The `Cache-Control` of the build's file at `key` (relative, `assets/app-1a2b.js`). */
export function portalCacheControl(key: string): string {
  return key.startsWith(PORTAL.assetsPrefix) ? PORTAL.assetsCacheControl : PORTAL.pagesCacheControl;
}

/**
 * The SPA fallback, one rule for the CloudFront Function and the local edge: a path whose last segment
 * has no dot (`/`, `/content/01J…`) is a route of the app and is answered with `index.html`; a path
 * with an extension is a file, and a missing one is a 404 — never an HTML page a script tag would
 * choke on. Unlike an error response mapping 403/404 to `index.html`, it cannot mask an API's 404.
 */
export const SPA_ROUTE_PATTERN = "^(?:.*/)?[^./]*$";

/** The URI a viewer's request for `uri` is served from: `/index.html` for a route of the app. */
export function portalUri(uri: string): string {
  return new RegExp(SPA_ROUTE_PATTERN).test(uri) ? `/${PORTAL.index}` : uri;
}

/**
 * The CloudFront Function (viewer request, default behaviour) that applies `portalUri`, in the ES5
 * that CloudFront's JavaScript runtime runs.
 */
export function spaRewriteFunctionCode(): string {
  return [
    `var route = new RegExp(${JSON.stringify(SPA_ROUTE_PATTERN)});`,
    "function handler(event) {",
    "  var request = event.request;",
    `  if (route.test(request.uri)) request.uri = ${JSON.stringify(`/${PORTAL.index}`)};`,
    "  return request;",
    "}",
  ].join("\n");
}
