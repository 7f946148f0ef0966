import { describe, expect, it } from "vitest";
import { judgeBatchResponse, lambdaMessageAttribute, sqsRecord } from "./sqs-lambda-event.ts";

const batch = new Set(["m-1", "m-2", "m-3"]);

describe("reading a function's answer to a batch (ReportBatchItemFailures)", () => {
  it.each([
    ["null", null],
    ["no answer", undefined],
    ["an empty object", {}],
    ["a null list", { batchItemFailures: null }],
    ["an empty list", { batchItemFailures: [] }],
  ])("treats %s as success of the whole batch", (_what, payload) => {
    expect(judgeBatchResponse(payload, batch)).toEqual({ kind: "success", failed: new Set() });
  });

  it("fails exactly the listed messages", () => {
    const verdict = judgeBatchResponse(
      { batchItemFailures: [{ itemIdentifier: "m-2" }, { itemIdentifier: "m-2" }] },
      batch,
    );

    expect(verdict).toEqual({ kind: "success", failed: new Set(["m-2"]) });
  });

  it.each([
    ["an empty identifier", { batchItemFailures: [{ itemIdentifier: "" }] }],
    ["a null identifier", { batchItemFailures: [{ itemIdentifier: null }] }],
    ["a number for an identifier", { batchItemFailures: [{ itemIdentifier: 2 }] }],
    ["an identifier under another key", { batchItemFailures: [{ messageId: "m-1" }] }],
    ["an identifier not in the batch", { batchItemFailures: [{ itemIdentifier: "m-9" }] }],
    ["a good identifier beside a bad one", { batchItemFailures: [{ itemIdentifier: "m-1" }, null] }],
    ["a list that is not a list", { batchItemFailures: "m-1" }],
    ["an answer that is not an object", "ok"],
    ["an answer that is a list", [{ itemIdentifier: "m-1" }]],
  ])("fails the whole batch for %s", (_what, payload) => {
    expect(judgeBatchResponse(payload, batch).kind).toBe("failure");
  });
});

describe("the SQS event record", () => {
  it("spells message attributes as Lambda does, binary values in base64", () => {
    expect(lambdaMessageAttribute({ DataType: "String", StringValue: "v" })).toEqual({
      stringValue: "v",
      stringListValues: [],
      binaryListValues: [],
      dataType: "String",
    });
    expect(lambdaMessageAttribute({ DataType: "Binary", BinaryValue: new Uint8Array([1, 2, 255]) })).toEqual({
      binaryValue: "AQL/",
      stringListValues: [],
      binaryListValues: [],
      dataType: "Binary",
    });
  });

  it("carries every system attribute, the usual four first, and no attribute digest without attributes", () => {
    const record = sqsRecord(
      {
        MessageId: "id",
        ReceiptHandle: "rh",
        Body: "b",
        MD5OfBody: "md5",
        Attributes: {
          MessageGroupId: "g",
          SenderId: "s",
          ApproximateFirstReceiveTimestamp: "2",
          SentTimestamp: "1",
          ApproximateReceiveCount: "1",
        },
      },
      "arn:aws:sqs:eu-west-1:1:q",
      "eu-west-1",
    );

    expect(Object.keys(record.attributes)).toEqual([
      "ApproximateReceiveCount",
      "SentTimestamp",
      "SenderId",
      "ApproximateFirstReceiveTimestamp",
      "MessageGroupId",
    ]);
    expect(record).toEqual({
      messageId: "id",
      receiptHandle: "rh",
      body: "b",
      attributes: {
        ApproximateReceiveCount: "1",
        SentTimestamp: "1",
        SenderId: "s",
        ApproximateFirstReceiveTimestamp: "2",
        MessageGroupId: "g",
      },
      messageAttributes: {},
      md5OfBody: "md5",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:eu-west-1:1:q",
      awsRegion: "eu-west-1",
    });
    expect(record).not.toHaveProperty("md5OfMessageAttributes");
  });
});
