import { ChangeMessageVisibilityBatchCommand, type Message, type SQSClient } from "@aws-sdk/client-sqs";

/**
 * Hands messages back to their queue at once (visibility 0, ten to a request), so another consumer
 * takes them now instead of after their lease. A message that cannot be released is logged and comes
 * back after its lease anyway: nothing is lost, only delayed.
 */
export async function releaseMessages(
  client: SQSClient,
  queueUrl: string,
  messages: readonly (Message & { ReceiptHandle: string })[],
  log: { warn(message: string, ...extra: Record<string, unknown>[]): void },
): Promise<void> {
  for (let at = 0; at < messages.length; at += 10) {
    const chunk = messages.slice(at, at + 10);
    try {
      const result = await client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((m, i) => ({
            Id: String(i),
            ReceiptHandle: m.ReceiptHandle,
            VisibilityTimeout: 0,
          })),
        }),
      );
      for (const failed of result.Failed ?? []) {
        log.warn("could not release a message", { messageId: chunk[Number(failed.Id)]?.MessageId, failed });
      }
    } catch (error) {
      log.warn("could not release messages; they come back after the lease", {
        messageIds: chunk.map((m) => m.MessageId),
        error,
      });
    }
  }
}
