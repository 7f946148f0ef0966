import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { SummaryReporter } from "./scripts/test/summary-reporter.ts";

/**
 * How many integration files run at once: `LEADMETRICS_INTEGRATION_FILES` (a whole number, 1 or more).
 * Each file's clouds have processes and ports of their own, and the DynamoDB pool keeps a process warm
 * for each file running. Two at once on a two-core machine (2026-12-07): the integration project in
 * 723 s instead of some 950 s one at a time, every timing-sensitive file (the agent pipeline, realtime,
 * the Lambda runtime's cold starts, the SQS event source) passing; each file runs about half as slow
 * again, and the long waits of one (visibility timeouts, leases) leave the cores to the other. Set 1
 * to read one file's timings undisturbed.
 * @default 2
 */
function integrationFilesAtOnce(): number {
  const setting = process.env.LEADMETRICS_INTEGRATION_FILES ?? "2";
  const files = Number(setting);
  if (!Number.isInteger(files) || files < 1) {
    throw new Error(`LEADMETRICS_INTEGRATION_FILES must be a whole number of 1 or more, not "${setting}"`);
  }
  return files;
}

/**
 * Five projects: `unit` (fast, no services), `web` (the portal's logic), `infra` (CDK synth, assertions and cdk-nag),
 * `integration` (against the local cloud, which the tests start on free ports) and `e2e` (the built portal in
 * Chromium, against a local cloud per file), run in that order: unit, web and infra together, then
 * integration, then e2e (`sequence.groupOrder`).
 */
export default defineConfig({
  test: {
    reporters: ["default", new SummaryReporter()],
    // Unit, web and infra files two at a time at least: vitest's default (cores − 1) is one on two
    // cores, and infra's synths, one file beside another, took 318 s instead of some 570 s.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      POWERTOOLS_SERVICE_NAME: "test",
      POWERTOOLS_METRICS_NAMESPACE: "Leadmetrics",
      POWERTOOLS_METRICS_DISABLED: "true",
      POWERTOOLS_LOG_LEVEL: "SILENT",
    },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["shared/**/*.test.ts", "functions/**/*.test.ts", "scripts/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "web",
          include: ["web/src/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "infra",
          include: ["infra/test/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          // The platform is synthesized once; each file's clouds are checked against its IAM. Warm
          // DynamoDB Local processes wait for the files' clouds (`test/dynamodb-pool.global-setup.ts`).
          // One OpenSearch node serves the run, started when a test first asks for it.
          globalSetup: [
            "test/integration/permission-parity.global-setup.ts",
            "test/dynamodb-pool.global-setup.ts",
            "test/search-node.global-setup.ts",
          ],
          setupFiles: ["test/integration/permission-parity.setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          maxWorkers: integrationFilesAtOnce(),
          // After unit, web and infra (group 0). Without an order, vitest runs a project limited to one
          // file at a time after every ordered group, i.e. after the browser tests.
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          // The portal is built once; each file starts its own local cloud and browser.
          globalSetup: [
            "test/e2e/global-setup.ts",
            "test/dynamodb-pool.global-setup.ts",
            "test/search-node.global-setup.ts",
          ],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          // After every other project: a browser and its cloud beside the integration tests' clouds
          // would starve them all on a two-core machine.
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
