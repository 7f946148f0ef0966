import { NotFoundError } from "#shared/domain/errors";

/** No such notification of the caller's (it may be another user's: the answer is the same). */
export class NotificationNotFoundError extends NotFoundError {
  override readonly code = "NOTIFICATION.NOT_FOUND";
  constructor() {
    super("Notification not found");
  }
}
