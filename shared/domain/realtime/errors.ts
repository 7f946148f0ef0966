import { AppError, UnauthorizedError } from "#shared/domain/errors";

/** A ticket that is unknown, used already, expired or malformed: the handshake is refused. */
export class TicketRefusedError extends UnauthorizedError {}

/**
 * Some deliveries of one event failed for a reason other than a gone connection. The fan-out fails
 * so that EventBridge retries the event (and, past its retries, sends it to the events DLQ).
 */
export class FanOutIncompleteError extends AppError {
  readonly code = "REALTIME.FAN_OUT_INCOMPLETE";
}
