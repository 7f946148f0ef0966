import { defineConfig } from "vitest/config";
import { SummaryReporter } from "./scripts/test/summary-reporter.ts";

/**
 * Five projects: `unit` (fast, no services), `web` (the portal's logic), `infra` (CDK synth, assertions and cdk-nag),
 * `integration` (against the local cloud, which the tests start on free ports) and `e2e` (the built portal in
 * Chromium, against a local cloud per file).
 */
export default defineConfig({
  test: {
    reporters: ["default", new SummaryReporter()],
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
          // The platform is synthesized once; each file's clouds are checked against its IAM. A warm
          // DynamoDB Local waits for each file's cloud (`test/dynamodb-pool.global-setup.ts`). One
          // OpenSearch node serves the run, started when a test first asks for it.
          globalSetup: [
            "test/integration/permission-parity.global-setup.ts",
            "test/dynamodb-pool.global-setup.ts",
            "test/search-node.global-setup.ts",
          ],
          setupFiles: ["test/integration/permission-parity.setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
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
