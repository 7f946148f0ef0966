import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { afterEach, describe, expect, it, vi } from "vitest";
import { metricsLogger } from "./observability.ts";

describe("the Metrics utility's messages", () => {
  afterEach(() => vi.restoreAllMocks());

  const setup = () => {
    const log = new Logger({ serviceName: "test", logLevel: "DEBUG" });
    const debug = vi.spyOn(log, "debug").mockImplementation(() => undefined);
    const warn = vi.spyOn(log, "warn").mockImplementation(() => undefined);
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    const metrics = new Metrics({ namespace: "Test", serviceName: "test", logger: metricsLogger(log) });
    return { metrics, debug, warn };
  };

  it("says at debug, not as a warning, that an invocation recorded no metric", () => {
    const { metrics, debug, warn } = setup();
    metrics.publishStoredMetrics();
    expect(warn).not.toHaveBeenCalled();
    expect(debug).toHaveBeenCalledWith(expect.stringMatching(/^No application metrics to publish/));
  });

  it("passes its other warnings on as warnings", () => {
    const log = new Logger({ serviceName: "test" });
    const warn = vi.spyOn(log, "warn").mockImplementation(() => undefined);
    metricsLogger(log).warn("Metrics dimension limit reached", { limit: 29 });
    expect(warn).toHaveBeenCalledWith("Metrics dimension limit reached", { limit: 29 });
  });

  it("stays quiet when metrics were recorded", () => {
    const { metrics, debug, warn } = setup();
    metrics.addMetric("RunsSucceeded", MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    expect(warn).not.toHaveBeenCalled();
    expect(debug).not.toHaveBeenCalledWith(expect.stringMatching(/^No application metrics/));
  });
});
