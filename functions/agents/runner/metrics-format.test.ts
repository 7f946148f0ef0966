import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { platform } from "#shared/contracts/platform";
import type { ProcessJobDeps } from "#shared/domain/agents/process-job";
import { runtimeEnvironment } from "#shared/platform/declaration/functions";

/**
 * What the agent consumers print for their metrics, pinned: one embedded-metric-format document per
 * Lambda invocation (per flush for a Fargate consumer) with the counts summed, never a line per job.
 * A Fargate consumer's FireLens route (infra `consumerLogOptions`) sends each stdout line as one log
 * event marked `json/emf`, so CloudWatch Logs extracts a metric only if its line is one complete
 * document.
 */
const lines: string[] = [];
const documents = () =>
  lines.filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line) as Record<string, unknown>);

/** The document CloudWatch reads: namespace, one dimension set, the metrics and their values. */
function emf(dimensions: Record<string, string>, values: Record<string, number>) {
  return {
    _aws: {
      Timestamp: expect.any(Number),
      CloudWatchMetrics: [
        {
          Namespace: "leadmetrics",
          Dimensions: [Object.keys(dimensions)],
          Metrics: Object.keys(values).map((Name) => ({ Name, Unit: "Count" })),
        },
      ],
    },
    ...dimensions,
    ...values,
  };
}

function useEnvironment(service: string) {
  beforeEach(() => {
    lines.length = 0;
    // The environment the stacks give a consumer (runtimeEnvironment), metrics enabled.
    const env = runtimeEnvironment({ app: platform.app, service, logLevel: "WARN" });
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
    vi.stubEnv("POWERTOOLS_DEV", "");
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split(/(?<=\n)/));
      return true;
    });
    vi.resetModules();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    vi.doUnmock("#shared/domain/agents/process-job");
    vi.doUnmock("./runner-deps.ts");
  });
}

describe("the counts a consumer publishes", () => {
  useEnvironment("agent-blog-writer");

  const tallyOf = async () => {
    const { metrics } = await import("#shared/platform/observability");
    const { tally } = await import("#shared/platform/counter");
    return tally(metrics, "role");
  };

  it("are one line of JSON, summed per metric: the embedded metric format, in the platform's namespace", async () => {
    const counts = await tallyOf();
    for (let job = 0; job < 7; job++) counts.count("RunsSucceeded", "blog-writer");
    counts.count("OutputRepairs", "blog-writer");
    counts.count("OutputRepairs", "blog-writer");
    counts.publish();

    const records = lines.filter((line) => line.includes('"_aws"'));
    expect(records).toHaveLength(1);
    const [line = ""] = records;
    // One event per line: the whole document on one line, ended by the newline that ends the event.
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    const record = JSON.parse(line) as { _aws: { Timestamp: number } };
    expect(record).toEqual(
      emf({ service: "agent-blog-writer", role: "blog-writer" }, { RunsSucceeded: 7, OutputRepairs: 2 }),
    );
    expect(Math.abs(Date.now() - record._aws.Timestamp)).toBeLessThan(60_000);
  });

  it("print one document per dimension value, and none when nothing was counted since the last", async () => {
    const counts = await tallyOf();
    counts.count("RunsSucceeded", "blog-writer");
    counts.count("RejectedJobs");
    counts.count("RunsFailed", "strategy-writer");
    counts.count("RejectedJobs");
    counts.publish();
    counts.publish();

    expect(documents()).toEqual([
      emf({ service: "agent-blog-writer", role: "blog-writer" }, { RunsSucceeded: 1 }),
      emf({ service: "agent-blog-writer" }, { RejectedJobs: 2 }),
      emf({ service: "agent-blog-writer", role: "strategy-writer" }, { RunsFailed: 1 }),
    ]);
  });

  it("start a new document before the 100 metrics a document may hold, each with its dimension", async () => {
    const counts = await tallyOf();
    for (let n = 0; n < 150; n++) counts.count(`Metric${n}`, "blog-writer");
    counts.publish();

    const printed = documents();
    expect(printed).toHaveLength(2);
    for (const document of printed) expect(document.role).toBe("blog-writer");
    const names = printed.flatMap((d) => Object.keys(d).filter((key) => key.startsWith("Metric")));
    expect(new Set(names).size).toBe(150);
  });

  it("are printed once per interval by a consumer with no invocation to end, summed over it", async () => {
    vi.useFakeTimers();
    try {
      const counts = await tallyOf();
      const { publishEvery } = await import("#shared/platform/counter");
      publishEvery(counts, 10_000);
      for (let job = 0; job < 4; job++) counts.count("RunsSucceeded", "blog-writer");
      vi.advanceTimersByTime(9_999);
      expect(documents()).toEqual([]);
      vi.advanceTimersByTime(1);
      counts.count("RunsSucceeded", "blog-writer");
      vi.advanceTimersByTime(20_000);
      expect(documents()).toEqual([
        emf({ service: "agent-blog-writer", role: "blog-writer" }, { RunsSucceeded: 4 }),
        emf({ service: "agent-blog-writer", role: "blog-writer" }, { RunsSucceeded: 1 }),
      ]);
    } finally {
      vi.clearAllTimers();
      vi.useRealTimers();
    }
  });

  it("never give this tally's dimension to metrics stored on the instance by other code", async () => {
    const { metrics } = await import("#shared/platform/observability");
    const counts = await tallyOf();
    metrics.addMetric("ServerFault", "Count", 1);
    counts.count("RunsSucceeded", "blog-writer");
    counts.publish();

    expect(documents()).toEqual([
      emf({ service: "agent-blog-writer" }, { ServerFault: 1 }),
      emf({ service: "agent-blog-writer", role: "blog-writer" }, { RunsSucceeded: 1 }),
    ]);
  });
});

describe("the Lambda consumer's metrics", () => {
  useEnvironment("agent-social-post-writer");

  const record = (n: number): SQSRecord => ({
    messageId: `m-${n}`,
    receiptHandle: `r-${n}`,
    body: "{}",
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: "0",
      SenderId: "local",
      ApproximateFirstReceiveTimestamp: "0",
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:eu-west-1:000000000000:leadmetrics-test-agent-social-post-writer",
    awsRegion: "eu-west-1",
  });
  const context = {
    functionName: "leadmetrics-test-agent-social-post-writer",
    getRemainingTimeInMillis: () => 60_000,
  } as Context;

  // Loads the consumer's whole module graph (the SDK clients among it): seconds on a busy machine.
  it("are one document per invocation with the batch's counts summed, and the cold start once", async () => {
    // What Lambda sets in an on-demand sandbox, where Powertools counts a cold start.
    vi.stubEnv("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    // Each job counts what a job counts; the first of each batch is also rejected.
    vi.doMock("#shared/domain/agents/process-job", () => ({
      processJob: async (deps: Pick<ProcessJobDeps, "count">, message: { messageId: string }) => {
        if (message.messageId === "m-0") deps.count("RejectedJobs");
        else deps.count("RunsSucceeded", "social-post-writer");
        return { kind: "done" };
      },
    }));
    vi.doMock("./runner-deps.ts", async (original) => ({
      ...(await original<typeof import("./runner-deps.ts")>()),
      createRunnerDeps: async (options: { counts: { count: ProcessJobDeps["count"] } }) => ({
        count: options.counts.count,
      }),
    }));
    const { handler } = await import("./lambda.handler.ts");
    const batch = (size: number): SQSEvent => ({
      Records: Array.from({ length: size }, (_, n) => record(n)),
    });

    await expect(handler(batch(5), context)).resolves.toEqual({ batchItemFailures: [] });
    expect(documents()).toEqual([
      emf({ service: "agent-social-post-writer", function_name: context.functionName }, { ColdStart: 1 }),
      emf({ service: "agent-social-post-writer" }, { RejectedJobs: 1 }),
      emf({ service: "agent-social-post-writer", role: "social-post-writer" }, { RunsSucceeded: 4 }),
    ]);

    lines.length = 0;
    await handler(batch(10), context);
    expect(documents()).toEqual([
      emf({ service: "agent-social-post-writer" }, { RejectedJobs: 1 }),
      emf({ service: "agent-social-post-writer", role: "social-post-writer" }, { RunsSucceeded: 9 }),
    ]);
  }, 30_000);
});
