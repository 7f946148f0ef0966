/**
 * Fidelity of the local CloudWatch's `GetMetricData` to AWS, through the SDK's own client, for the
 * metric the platform reads: `AWS/SQS` `ApproximateAgeOfOldestMessage` by `QueueName`, from the local
 * SQS's real messages (in flight ones too; a dead letter from when SQS moved it). A queue without
 * messages, an unknown metric and an unknown queue have no datapoint; a malformed request is
 * CloudWatch's `ValidationError` (the SDK's `ValidationException`, whose awsQuery `Code` it is).
 */
import {
  CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  ValidationException,
} from "@aws-sdk/client-cloudwatch";
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningServer } from "#scripts/local/aws-json-server";
import { startCloudWatch } from "#scripts/local/cloudwatch";
import { consoleLog } from "#scripts/local/log";
import type { RunningSqs } from "#scripts/local/sqs";
import { type BareSqs, startBareSqs } from "./support.ts";

const REGION = "us-east-1";
const MINUTE = 60_000;
let sqs: RunningSqs;
let ensureQueues: BareSqs["ensureQueues"];
let cloudWatchServer: RunningServer;
let cloudWatch: CloudWatchClient;
let client: SQSClient;
/** How far the local CloudWatch's clock runs ahead of the real one: a message "waits" without a wait. */
let ahead = 0;
let run = 0;
let queues: { jobs: string; dlq: string; jobsUrl: string; dlqUrl: string };

/** `GetMetricData`; a test may leave out (or set to undefined) members CloudWatch requires. */
const getMetricData = (input: Partial<GetMetricDataCommandInput>) =>
  cloudWatch.send(new GetMetricDataCommand(input as GetMetricDataCommandInput));

const ageQuery = (Id: string, QueueName: string, Stat = "Maximum") => ({
  Id,
  MetricStat: {
    Metric: {
      Namespace: "AWS/SQS",
      MetricName: "ApproximateAgeOfOldestMessage",
      Dimensions: [{ Name: "QueueName", Value: QueueName }],
    },
    Period: 60,
    Stat,
  },
});

/** The last five minutes of the local CloudWatch's clock, to the end of the minute under way. */
function window(): { StartTime: Date; EndTime: Date } {
  const end = Math.floor((Date.now() + ahead) / MINUTE) * MINUTE + MINUTE;
  return { StartTime: new Date(end - 5 * MINUTE), EndTime: new Date(end) };
}

/** The results of a request holding the given queries, their timestamps in epoch seconds. */
async function results(...queries: GetMetricDataCommandInput["MetricDataQueries"] & {}) {
  const answer = await getMetricData({
    MetricDataQueries: queries,
    ...window(),
    ScanBy: "TimestampDescending",
  });
  return (answer.MetricDataResults ?? []).map((r) => ({
    ...r,
    Timestamps: (r.Timestamps ?? []).map((t) => t.getTime() / 1000),
    Values: r.Values ?? [],
  }));
}

/** How CloudWatch refused a request, as the SDK reports it. */
async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof ValidationException)) throw error;
    return {
      Code: (error as { Code?: string }).Code,
      status: error.$metadata.httpStatusCode,
      message: error.message,
    };
  }
  throw new Error("the request was not refused");
}

const send = (QueueUrl: string, MessageBody: string) =>
  client.send(new SendMessageCommand({ QueueUrl, MessageBody }));
const receive = (QueueUrl: string, VisibilityTimeout: number) =>
  client.send(
    new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout, WaitTimeSeconds: 0 }),
  );

beforeAll(async () => {
  ({ sqs, client, ensureQueues } = await startBareSqs(REGION));
  cloudWatchServer = await startCloudWatch({
    port: 0,
    log: consoleLog("error"),
    oldestMessageAt: (queueName) => sqs.oldestMessageAt(queueName),
    now: () => Date.now() + ahead,
  });
  cloudWatch = new CloudWatchClient({
    region: REGION,
    endpoint: cloudWatchServer.url,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
});

beforeEach(async () => {
  run++;
  ahead = 0;
  await ensureQueues([{ name: `jobs${run}`, purpose: "x", maxReceiveCount: 1 }], "age");
  queues = {
    jobs: `age-jobs${run}`,
    dlq: `age-jobs${run}-dlq`,
    jobsUrl: sqs.queueUrl(`age-jobs${run}`),
    dlqUrl: sqs.queueUrl(`age-jobs${run}-dlq`),
  };
});

afterAll(async () => {
  client?.destroy();
  cloudWatch?.destroy();
  await cloudWatchServer?.stop();
  await sqs?.stop();
});

describe("GetMetricData of AWS/SQS ApproximateAgeOfOldestMessage", () => {
  it("answers the age of the oldest message, one in flight included, at the start of the minute", async () => {
    await send(queues.jobsUrl, "first");
    // Received and not deleted: still the queue's oldest message.
    expect((await receive(queues.jobsUrl, 600)).Messages).toHaveLength(1);
    await send(queues.jobsUrl, "second");
    ahead = 90_000;

    const [age] = await results(ageQuery("jobs", queues.jobs));

    const minute = Math.floor((Date.now() + ahead) / MINUTE) * MINUTE;
    expect(age).toEqual({
      Id: "jobs",
      Label: "ApproximateAgeOfOldestMessage",
      Timestamps: [expect.any(Number)],
      Values: [expect.any(Number)],
      StatusCode: "Complete",
    });
    expect(age?.Timestamps[0]).toBeGreaterThanOrEqual(minute / 1000 - 60);
    expect(age?.Timestamps[0]).toBeLessThanOrEqual(minute / 1000);
    expect(age?.Values[0]).toBeGreaterThanOrEqual(90);
    expect(age?.Values[0]).toBeLessThan(95);
  });

  it("answers every query of a request, each statistic of the one sample a minute", async () => {
    await send(queues.dlqUrl, "dead");
    ahead = 30_000;

    const answered = await results(
      ageQuery("max", queues.dlq),
      ageQuery("count", queues.dlq, "SampleCount"),
      ageQuery("p99", queues.dlq, "p99"),
      { ...ageQuery("hidden", queues.dlq), ReturnData: false },
    );

    expect(answered.map((r) => [r.Id, r.Values.map((v) => (r.Id === "count" ? v : v >= 30))])).toEqual([
      ["max", [true]],
      ["count", [1]],
      ["p99", [true]],
    ]);
  });

  it("has no datapoint for an empty queue, nor for one no longer holding a message", async () => {
    await send(queues.jobsUrl, "done soon");
    const [received] = (await receive(queues.jobsUrl, 600)).Messages ?? [];
    expect(received).toBeDefined();
    expect((await results(ageQuery("held", queues.jobs)))[0]?.Values).toHaveLength(1);
    await client.send(
      new DeleteMessageCommand({ QueueUrl: queues.jobsUrl, ReceiptHandle: received?.ReceiptHandle }),
    );

    expect(await results(ageQuery("emptied", queues.jobs), ageQuery("empty", queues.dlq))).toEqual([
      {
        Id: "emptied",
        Label: "ApproximateAgeOfOldestMessage",
        Timestamps: [],
        Values: [],
        StatusCode: "Complete",
      },
      {
        Id: "empty",
        Label: "ApproximateAgeOfOldestMessage",
        Timestamps: [],
        Values: [],
        StatusCode: "Complete",
      },
    ]);
  });

  it("counts a dead letter's age from when SQS moved it to the DLQ, not from when it was sent", async () => {
    await send(queues.jobsUrl, "poison");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // maxReceiveCount 1: the second receive moves the message to the DLQ.
    await receive(queues.jobsUrl, 0);
    expect((await receive(queues.jobsUrl, 0)).Messages).toBeUndefined();

    const [jobs, dlq] = await results(ageQuery("jobs", queues.jobs), ageQuery("dlq", queues.dlq));

    expect(jobs?.Values).toEqual([]);
    expect(dlq?.Values).toEqual([0]);
  });

  it("answers an unknown metric, namespace, dimension set or queue with an empty result", async () => {
    await send(queues.jobsUrl, "here");
    const base = ageQuery("x", queues.jobs);
    const metric = base.MetricStat.Metric;

    const answered = await results(
      {
        ...base,
        Id: "metric",
        MetricStat: { ...base.MetricStat, Metric: { ...metric, MetricName: "NumberOfMessagesSent" } },
      },
      {
        ...base,
        Id: "namespace",
        MetricStat: { ...base.MetricStat, Metric: { ...metric, Namespace: "AWS/Lambda" } },
      },
      {
        ...base,
        Id: "dimensions",
        MetricStat: {
          ...base.MetricStat,
          Metric: { ...metric, Dimensions: [...metric.Dimensions, { Name: "Region", Value: REGION }] },
        },
      },
      ageQuery("queue", "no-such-queue"),
      ageQuery("known", queues.jobs),
    );

    expect(answered.map((r) => [r.Id, r.StatusCode, r.Values.length])).toEqual([
      ["metric", "Complete", 0],
      ["namespace", "Complete", 0],
      ["dimensions", "Complete", 0],
      ["queue", "Complete", 0],
      ["known", "Complete", 1],
    ]);
  });

  it("has no datapoint for a window that ended before the minute under way", async () => {
    await send(queues.jobsUrl, "here");
    const { StartTime } = window();

    const answer = await getMetricData({
      MetricDataQueries: [ageQuery("old", queues.jobs)],
      StartTime: new Date(StartTime.getTime() - 10 * MINUTE),
      EndTime: StartTime,
    });

    expect(answer.MetricDataResults?.[0]?.Values).toEqual([]);
  });

  it.each([
    ["no StartTime", { StartTime: undefined }],
    [
      "a StartTime not before the EndTime",
      { StartTime: new Date(1_800_000_000_000), EndTime: new Date(1_800_000_000_000) },
    ],
    ["no queries", { MetricDataQueries: [] }],
    ["an Id CloudWatch refuses", { MetricDataQueries: [{ ...ageQuery("q", "x"), Id: "Q-1" }] }],
    ["a repeated Id", { MetricDataQueries: [ageQuery("q", "a"), ageQuery("q", "b")] }],
    [
      "a period of 45 s",
      {
        MetricDataQueries: [
          { ...ageQuery("q", "x"), MetricStat: { ...ageQuery("q", "x").MetricStat, Period: 45 } },
        ],
      },
    ],
    ["an unknown statistic", { MetricDataQueries: [ageQuery("q", "x", "Median")] }],
    ["a query with neither MetricStat nor Expression", { MetricDataQueries: [{ Id: "q" }] }],
  ])("refuses %s with ValidationError", async (_what, overrides) => {
    const refused = await refusal(
      getMetricData({ MetricDataQueries: [ageQuery("q", queues.jobs)], ...window(), ...overrides }),
    );

    expect(refused).toEqual({ Code: "ValidationError", status: 400, message: expect.any(String) });
  });
});
