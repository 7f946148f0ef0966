import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { platform } from "#shared/contracts/platform";
import { runtimeEnvironment } from "#shared/platform/declaration/functions";

/**
 * What a Fargate consumer prints for a metric, pinned: its FireLens route (infra
 * `consumerLogOptions`) sends each stdout line as one log event marked `json/emf`, so CloudWatch
 * Logs extracts the metric only if the line is one complete embedded-metric-format document.
 */
describe("the metrics a Fargate consumer prints", () => {
  const lines: string[] = [];

  beforeEach(() => {
    lines.length = 0;
    // The environment the Workers stack gives a consumer (runtimeEnvironment), metrics enabled.
    const env = runtimeEnvironment({ app: platform.app, service: "agent-blog-writer", logLevel: "INFO" });
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
  });

  it("is one line of JSON per record: the embedded metric format, in the platform's namespace", async () => {
    // The modules the consumer (functions/agents/runner/container.ts) counts runs with.
    const { metrics } = await import("#shared/platform/observability");
    const { counter } = await import("#shared/platform/counter");
    counter(metrics, "role")("RunsSucceeded", "blog-writer");
    metrics.publishStoredMetrics();

    const records = lines.filter((line) => line.includes('"_aws"'));
    expect(records).toHaveLength(1);
    const [line = ""] = records;
    // One event per line: the whole document on one line, ended by the newline that ends the event.
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    const record = JSON.parse(line) as Record<string, unknown>;
    expect(record).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          {
            Namespace: "leadmetrics",
            Dimensions: [["service", "role"]],
            Metrics: [{ Name: "RunsSucceeded", Unit: "Count" }],
          },
        ],
      },
      service: "agent-blog-writer",
      role: "blog-writer",
      RunsSucceeded: 1,
    });
    const timestamp = (record._aws as { Timestamp: number }).Timestamp;
    expect(Math.abs(Date.now() - timestamp)).toBeLessThan(60_000);
  });
});
