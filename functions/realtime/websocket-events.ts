/**
 * The WebSocket API's events as the realtime functions read them: only the fields they use, checked
 * with zod, so a change in what API Gateway (or the local gateway) sends fails loudly here.
 */
import * as z from "zod/mini";

/** A `$connect`, `$disconnect` or message route invocation (Lambda proxy integration). */
export const routeEventSchema = z.object({
  requestContext: z.object({
    connectionId: z.string().check(z.minLength(1)),
    requestId: z.optional(z.string()),
    /** What the authorizer put in its `context` (plus API Gateway's own `principalId`); `$connect` only. */
    authorizer: z.optional(z.record(z.string(), z.unknown())),
  }),
  body: z.optional(z.nullable(z.string())),
});

export type RouteEvent = z.output<typeof routeEventSchema>;

/** A REQUEST authorizer invocation on `$connect`. */
export const authorizerEventSchema = z.object({
  methodArn: z.string().check(z.minLength(1)),
  queryStringParameters: z.optional(z.nullable(z.record(z.string(), z.optional(z.string())))),
  requestContext: z.optional(z.object({ requestId: z.optional(z.string()) })),
});

/** The IAM policy a WebSocket authorizer answers (it has no simple responses). */
export interface AuthorizerPolicy {
  principalId: string;
  policyDocument: {
    Version: "2012-10-17";
    Statement: [{ Action: "execute-api:Invoke"; Effect: "Allow" | "Deny"; Resource: string }];
  };
  context?: Record<string, string>;
}

/** The policy that lets exactly this handshake (`methodArn`) through, or refuses it. */
export function policy(
  effect: "Allow" | "Deny",
  principalId: string,
  methodArn: string,
  context?: Record<string, string>,
): AuthorizerPolicy {
  return {
    principalId,
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: methodArn }],
    },
    ...(context ? { context } : {}),
  };
}
