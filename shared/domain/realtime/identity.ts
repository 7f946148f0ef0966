import * as z from "zod/mini";
import { ROLES, STAFF_ROLES, TENANT_ROLES } from "#shared/domain/access/roles";
import { tenantIdSchema } from "#shared/domain/tenancy/tenant-id";

/**
 * Who a ticket (and the connection it opens) belongs to: the identity of the token that asked for
 * the ticket, and nothing a client chooses. `tenantId` exactly for tenant users.
 */
export const connectionIdentitySchema = z.union([
  z.strictObject({
    userId: z.string().check(z.minLength(1)),
    role: z.enum(TENANT_ROLES),
    tenantId: tenantIdSchema,
    /** Epoch seconds at which the token behind the ticket expires at the latest. */
    tokenExpiresAt: z.number().check(z.int()),
  }),
  z.strictObject({
    userId: z.string().check(z.minLength(1)),
    role: z.enum(STAFF_ROLES),
    tokenExpiresAt: z.number().check(z.int()),
  }),
]);

export type ConnectionIdentity = z.output<typeof connectionIdentitySchema>;

/**
 * The identity as the WebSocket authorizer hands it to `$connect` (a flat map of strings, API
 * Gateway's `context`), and back: numbers travel as strings.
 */
const authorizerContextSchema = z.pipe(
  z.object({
    userId: z.string(),
    role: z.enum(ROLES),
    tenantId: z.optional(z.string()),
    tokenExpiresAt: z.coerce.number(),
  }),
  z.transform((c) => ({
    userId: c.userId,
    role: c.role,
    tokenExpiresAt: c.tokenExpiresAt,
    ...(c.tenantId === undefined ? {} : { tenantId: c.tenantId }),
  })),
);

/** The authorizer's `context` for an identity: strings only, as API Gateway requires. */
export function toAuthorizerContext(identity: ConnectionIdentity): Record<string, string> {
  return {
    userId: identity.userId,
    role: identity.role,
    tokenExpiresAt: String(identity.tokenExpiresAt),
    ...("tenantId" in identity ? { tenantId: identity.tenantId } : {}),
  };
}

/**
 * Reads the identity back from the authorizer's context at `$connect`; a context that does not
 * describe a valid identity throws (the authorizer wrote it, so that is a server fault).
 */
export function identityFromContext(context: unknown): ConnectionIdentity {
  return z.parse(connectionIdentitySchema, z.parse(authorizerContextSchema, context));
}
