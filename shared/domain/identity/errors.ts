/**
 * The identity context's failures, each with a stable code the API reports and a class callers
 * match with `instanceof`.
 */
import { ConflictError, NotFoundError, ValidationError } from "#shared/domain/errors";

/** The e-mail belongs to another account. */
export class EmailTakenError extends ConflictError {
  override readonly code = "IDENTITY.EMAIL_TAKEN";
}

/** A refresh token came back after it was rotated: the session it belongs to is ended. */
export class RefreshTokenReusedError extends ConflictError {
  override readonly code = "IDENTITY.REFRESH_REUSED";
  constructor(options?: { cause?: unknown }) {
    super("Refresh token already used", options);
  }
}

/** The change would leave a tenant without an admin. */
export class LastAdminError extends ConflictError {
  override readonly code = "IDENTITY.LAST_ADMIN";
  constructor(options?: { cause?: unknown }) {
    super("A tenant must keep at least one admin", options);
  }
}

/** Only a reviewer can be assigned tenants to review. */
export class NotAReviewerError extends ConflictError {
  override readonly code = "IDENTITY.NOT_A_REVIEWER";
  constructor() {
    super("This user is not a reviewer");
  }
}

/** Staff may not suspend themselves (and so lock out the last hands on the platform). */
export class SelfSuspensionError extends ConflictError {
  override readonly code = "ADMIN.SELF_SUSPENSION";
  constructor() {
    super("You cannot suspend yourself");
  }
}

/** No tenant has this id. */
export class TenantNotFoundError extends NotFoundError {
  override readonly code = "TENANT.NOT_FOUND";
  constructor(tenantId: string) {
    super(`Tenant ${tenantId} does not exist`);
  }
}

/** Not a plausible e-mail address (the message does not repeat the input). */
export class InvalidEmailError extends ValidationError {
  override readonly code = "IDENTITY.INVALID_EMAIL";
  constructor() {
    super("Not a valid e-mail address");
  }
}
