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
