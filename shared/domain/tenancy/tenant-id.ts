import * as z from "zod/mini";
import { ValidationError } from "#shared/domain/errors";

declare const tenantIdBrand: unique symbol;
/** A tenant id that has been validated; the only way to get one is `parseTenantId`. */
export type TenantId = string & { readonly [tenantIdBrand]: true };

const TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Validates a tenant id: not empty, at most 64 characters of `[A-Za-z0-9_-]` (so never `#`, the key
 * separator). Tenant-scoped data access can only be built from the result.
 */
export function parseTenantId(raw: unknown): TenantId {
  if (!isTenantId(raw)) {
    throw new ValidationError("Invalid tenant id", [
      { in: "path", path: "tenantId", message: "Must be 1–64 characters of letters, digits, '-' or '_'" },
    ]);
  }
  return raw as TenantId;
}

/** A tenant id inside a schema (a token's claims): the same rule as `parseTenantId`, typed `TenantId`. */
export const tenantIdSchema = z.pipe(
  z.string().check(z.regex(TENANT_ID)),
  z.transform((raw) => raw as TenantId),
);

/** Whether a value is a well-formed tenant id (the rule of `parseTenantId`), without throwing. */
export function isTenantId(raw: unknown): raw is TenantId {
  return typeof raw === "string" && TENANT_ID.test(raw);
}
