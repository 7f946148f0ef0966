/**
 * The brand context's failures, each with a stable code the API reports and a class callers match
 * with `instanceof`.
 */
import { ConflictError, NotFoundError } from "#shared/domain/errors";
import type { BrandStatus } from "./brand-version.ts";

/** The tenant has no brand version with this number. */
export class BrandVersionNotFoundError extends NotFoundError {
  override readonly code = "BRAND.VERSION_NOT_FOUND";
  constructor(versionNumber: number) {
    super(`Brand version ${versionNumber} does not exist`);
  }
}

/**
 * An edit named a version that is no longer the accepted one: someone saved or accepted another
 * since it was read. Not a `StaleVersionError`: retrying cannot cure it, only the person can, after
 * reading the current version (`details.acceptedVersion`, 0 when there is none).
 */
export class StaleBrandVersionError extends ConflictError {
  override readonly code = "BRAND.STALE_BASE_VERSION";
  constructor(baseVersion: number, acceptedVersion: number) {
    super(
      `Version ${baseVersion} is not the current brand profile (the current one is ${acceptedVersion}); reload it and edit again`,
      { details: { baseVersion, acceptedVersion } },
    );
  }
}

/** Only the pending proposal can be accepted or dismissed. */
export class ProposalNotPendingError extends ConflictError {
  override readonly code = "BRAND.NOT_PENDING";
  constructor(versionNumber: number, status: BrandStatus) {
    super(`Brand version ${versionNumber} is ${status}, not a pending proposal`, {
      details: { version: versionNumber, status },
    });
  }
}
