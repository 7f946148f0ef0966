/** The content and review loop's failures, each with a stable code matched with `instanceof`. */
import { ConflictError, NotFoundError } from "#shared/domain/errors";
import type { ContentAction } from "./content-lifecycle.ts";
import type { ContentStatus } from "./content-status.ts";

/** The tenant has no content item with this id. */
export class ContentNotFoundError extends NotFoundError {
  override readonly code = "CONTENT.NOT_FOUND";
  // The messages name no ids: a caller probing another tenant's ids gets nothing back, not even its guess.
  constructor() {
    super("No such content item");
  }
}

/** The item has no such version. */
export class ContentVersionNotFoundError extends NotFoundError {
  override readonly code = "CONTENT.VERSION_NOT_FOUND";
  constructor(version: number) {
    super(`This content item has no version ${version}`);
  }
}

/** The lifecycle does not let this caller make this move from the item's status. */
export class IllegalContentTransitionError extends ConflictError {
  override readonly code = "CONTENT.ILLEGAL_TRANSITION";
  constructor(action: ContentAction, status: ContentStatus) {
    super(`Cannot ${action.replace("-", " ")} content that is ${status.replace("_", " ")}`, {
      details: { action, status },
    });
  }
}

/** The caller decided on a version that is no longer the item's latest, or someone else decided first. */
export class ContentMovedError extends ConflictError {
  override readonly code = "CONTENT.MOVED";
  constructor() {
    super("This content item changed since it was read; reload it and decide again");
  }
}

/** The item was revised by its agent as often as the platform allows: edit it by hand instead. */
export class RevisionLimitError extends ConflictError {
  override readonly code = "CONTENT.REVISION_LIMIT";
  constructor(limit: number) {
    super(`This item was already revised ${limit} times by its agent; edit it by hand or archive it`);
  }
}

/** A tenant admin may not change a review policy that a super-admin set and locked. */
export class ReviewPolicyLockedError extends ConflictError {
  override readonly code = "REVIEW_POLICY.LOCKED";
  constructor() {
    super("The review policy was set by the platform and cannot be changed here");
  }
}
