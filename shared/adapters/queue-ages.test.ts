import { describe, expect, it } from "vitest";
import {
  createQueueAges,
  type MetricDataAnswer,
  type MetricDataRequest,
  oldestAgeRequest,
  oldestAgesOf,
  queueNameOf,
} from "./queue-ages.ts";

const NOW = new Date("2026-01-02T03:04:05.678Z");
const at = (iso: string) => new Date(iso);

describe("the oldest-message ages request", () => {
  it("asks for every queue's Maximum per minute in one request, newest first", () => {
    const request = oldestAgeRequest(
      ["leadmetrics-prod-agent-setup", "leadmetrics-prod-agent-setup-dlq"],
      NOW,
    );

    expect(request).toEqual({
      MetricDataQueries: [
        {
          Id: "q0",
          MetricStat: {
            Metric: {
              Namespace: "AWS/SQS",
              MetricName: "ApproximateAgeOfOldestMessage",
              Dimensions: [{ Name: "QueueName", Value: "leadmetrics-prod-agent-setup" }],
            },
            Period: 60,
            Stat: "Maximum",
          },
          ReturnData: true,
        },
        {
          Id: "q1",
          MetricStat: {
            Metric: {
              Namespace: "AWS/SQS",
              MetricName: "ApproximateAgeOfOldestMessage",
              Dimensions: [{ Name: "QueueName", Value: "leadmetrics-prod-agent-setup-dlq" }],
            },
            Period: 60,
            Stat: "Maximum",
          },
          ReturnData: true,
        },
      ],
      // The minute under way is in the window: it ends at the next whole minute.
      StartTime: at("2026-01-02T03:00:00.000Z"),
      EndTime: at("2026-01-02T03:05:00.000Z"),
      ScanBy: "TimestampDescending",
    });
  });
});

describe("reading the ages from CloudWatch's answer", () => {
  const complete = (Id: string, points: [string, number][]) => ({
    Id,
    StatusCode: "Complete",
    Timestamps: points.map(([t]) => at(t)),
    Values: points.map(([, v]) => v),
  });

  it("takes each query's newest datapoint, in whole seconds, whatever the order", () => {
    const answer: MetricDataAnswer = {
      MetricDataResults: [
        complete("q1", [
          ["2026-01-02T03:01:00Z", 50],
          ["2026-01-02T03:03:00Z", 170.9],
          ["2026-01-02T03:02:00Z", 110],
        ]),
        complete("q0", [["2026-01-02T03:03:00Z", 0]]),
      ],
    };

    expect(oldestAgesOf(answer, 2)).toEqual([0, 170]);
  });

  it("answers null, not 0, for a queue with no datapoint", () => {
    expect(
      oldestAgesOf({ MetricDataResults: [complete("q0", []), { Id: "q1", StatusCode: "Complete" }] }, 2),
    ).toEqual([null, null]);
  });

  it("reads a PartialData result's newest datapoint", () => {
    const partial = { ...complete("q0", [["2026-01-02T03:03:00Z", 7]]), StatusCode: "PartialData" };

    expect(oldestAgesOf({ MetricDataResults: [partial] }, 1)).toEqual([7]);
  });

  it("fails the read when CloudWatch could not compute a result or left one out", () => {
    const failed = {
      MetricDataResults: [
        complete("q0", [["2026-01-02T03:03:00Z", 7]]),
        { Id: "q1", StatusCode: "Forbidden", Messages: [{ Code: "Forbidden", Value: "not your account" }] },
      ],
    };

    expect(() => oldestAgesOf(failed, 2)).toThrow(
      "CloudWatch answered Forbidden for query q1 (Forbidden: not your account)",
    );
    expect(() => oldestAgesOf({ MetricDataResults: [complete("q0", [])] }, 2)).toThrow(
      "CloudWatch answered no result for query q1",
    );
  });
});

describe("createQueueAges", () => {
  it("names each queue by its URL, reads all in one request and answers by declared name", async () => {
    const requests: MetricDataRequest[] = [];
    const ages = createQueueAges({
      queueUrl: (queue) => `https://sqs.eu-west-1.amazonaws.com/123456789012/leadmetrics-prod-${queue}`,
      now: () => NOW,
      getMetricData: async (request) => {
        requests.push(request);
        return {
          MetricDataResults: [
            { Id: "q0", StatusCode: "Complete", Timestamps: [at("2026-01-02T03:04:00Z")], Values: [12] },
            { Id: "q1", StatusCode: "Complete", Timestamps: [], Values: [] },
          ],
        };
      },
    });

    const answer = await ages.oldestMessageAges(["agent-setup", "agent-setup-dlq"]);

    expect([...answer]).toEqual([
      ["agent-setup", 12],
      ["agent-setup-dlq", null],
    ]);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.MetricDataQueries.map((q) => q.MetricStat.Metric.Dimensions)).toEqual([
      [{ Name: "QueueName", Value: "leadmetrics-prod-agent-setup" }],
      [{ Name: "QueueName", Value: "leadmetrics-prod-agent-setup-dlq" }],
    ]);
  });

  it("reads a queue's name from an AWS or a local queue URL", () => {
    expect(queueNameOf("https://sqs.us-east-1.amazonaws.com/123456789012/app-dev-jobs")).toBe("app-dev-jobs");
    expect(queueNameOf("http://127.0.0.1:4566/000000000000/app-local-jobs-dlq")).toBe("app-local-jobs-dlq");
    expect(() => queueNameOf("http://127.0.0.1:4566/")).toThrow("No queue name");
  });
});
