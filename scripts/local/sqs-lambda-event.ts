/**
 * Lambda's side of an SQS event source, as data: the SQS event a function receives (each message as a
 * record, message attributes as Lambda spells them) and how Lambda reads the function's answer with
 * `ReportBatchItemFailures`. The mapping that polls and invokes is `sqs-event-source.ts`.
 */
import type { Message, MessageAttributeValue } from "@aws-sdk/client-sqs";
import type { SQSMessageAttribute, SQSRecord, SQSRecordAttributes } from "aws-lambda";

/** What the mapping makes of a function's answer. */
export type BatchVerdict =
  | { kind: "success"; failed: ReadonlySet<string> }
  | { kind: "failure"; reason: string };

/**
 * Reads a function's answer to a batch as Lambda does with `ReportBatchItemFailures`. Complete success:
 * no answer (`null`), an answer without `batchItemFailures` (`{}`), or an empty or null list.
 * Complete failure (nothing deleted): an answer that is not a JSON object, a `batchItemFailures` that
 * is not a list, or any entry whose `itemIdentifier` is missing, not a string, empty, or not the id of
 * a message in the batch. Otherwise the listed messages failed and the others succeeded.
 */
export function judgeBatchResponse(payload: unknown, messageIds: ReadonlySet<string>): BatchVerdict {
  if (payload === null || payload === undefined) return { kind: "success", failed: new Set() };
  if (typeof payload !== "object" || Array.isArray(payload)) {
    return {
      kind: "failure",
      reason: `the response ${JSON.stringify(payload)} is not a batch response object`,
    };
  }
  const failures: unknown = (payload as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return { kind: "success", failed: new Set() };
  if (!Array.isArray(failures)) {
    return { kind: "failure", reason: `batchItemFailures is ${JSON.stringify(failures)}, not a list` };
  }
  const failed = new Set<string>();
  for (const entry of failures) {
    const id: unknown =
      typeof entry === "object" && entry !== null
        ? (entry as { itemIdentifier?: unknown }).itemIdentifier
        : undefined;
    if (typeof id !== "string" || id === "" || !messageIds.has(id)) {
      return {
        kind: "failure",
        reason: `batchItemFailures holds ${JSON.stringify(entry) ?? "undefined"}, which names no message of the batch`,
      };
    }
    failed.add(id);
  }
  return { kind: "success", failed };
}

/** A message attribute as Lambda's SQS event spells it (binary values in base64). */
export function lambdaMessageAttribute(value: MessageAttributeValue): SQSMessageAttribute {
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
  return {
    ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
    ...(value.BinaryValue === undefined ? {} : { binaryValue: base64(value.BinaryValue) }),
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map(base64),
    dataType: value.DataType ?? "String",
  };
}

/** The system attributes Lambda always puts first; any others (FIFO ones, a trace header) follow. */
const FIRST_ATTRIBUTES = [
  "ApproximateReceiveCount",
  "SentTimestamp",
  "SenderId",
  "ApproximateFirstReceiveTimestamp",
] as const;

/** One received message as a record of Lambda's SQS event. */
export function sqsRecord(message: Message, eventSourceARN: string, awsRegion: string): SQSRecord {
  const received = message.Attributes ?? {};
  const attributes: Record<string, string> = {};
  for (const name of FIRST_ATTRIBUTES) attributes[name] = received[name] ?? "";
  for (const [name, value] of Object.entries(received)) attributes[name] ??= value;
  const messageAttributes = Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name,
      lambdaMessageAttribute(value),
    ]),
  );
  return {
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    attributes: attributes as unknown as SQSRecordAttributes,
    messageAttributes,
    ...(Object.keys(messageAttributes).length > 0 && message.MD5OfMessageAttributes
      ? { md5OfMessageAttributes: message.MD5OfMessageAttributes }
      : {}),
    md5OfBody: message.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN,
    awsRegion,
  };
}
