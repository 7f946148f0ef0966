/** A queue message as the domain's `processJob` takes it, whichever consumer received it. */
import { JOB_ATTRIBUTES } from "#shared/contracts/job-definition";
import type { JobMessage } from "#shared/domain/agents/process-job";

export function jobMessage(message: {
  messageId: string;
  body: string;
  /** String message attributes by name. */
  attributes: Readonly<Record<string, string | undefined>>;
  receiveCount: number;
}): JobMessage {
  return {
    messageId: message.messageId,
    body: message.body,
    tenantId: message.attributes[JOB_ATTRIBUTES.tenantId],
    correlationId: message.attributes[JOB_ATTRIBUTES.correlationId],
    receiveCount: message.receiveCount,
  };
}
