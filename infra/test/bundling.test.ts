import { existsSync } from "node:fs";
import { join } from "node:path";
import { OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import {
  type BundleHost,
  DEPLOYED_BUNDLE,
  esbuildOptionsFor,
  LAMBDA_CREDENTIALS,
  nodejsBundlingOptions,
} from "../lib/constructs/bundling.ts";

describe("the deployed bundle's options", () => {
  it("are the same for NodejsFunction and for esbuild run directly", () => {
    const cdk = nodejsBundlingOptions(["@aws-sdk/client-sqs"]);
    const esbuild = esbuildOptionsFor("functions/x/handler.ts", "/tmp/out", ["@aws-sdk/client-sqs"]);
    expect(cdk).toMatchObject({ target: "node22", format: OutputFormat.ESM, minify: true, sourceMap: true });
    // Source maps for stack traces only: Node parses a map whole at load, sources and all.
    expect(cdk.sourcesContent).toBe(false);
    expect(esbuild.sourcesContent).toBe(cdk.sourcesContent);
    expect(esbuild).toMatchObject({
      target: "node22",
      format: "esm",
      minify: true,
      sourcemap: true,
      platform: "node",
    });
    expect(cdk.mainFields).toEqual(["module", "main"]);
    expect(esbuild.mainFields).toEqual(cdk.mainFields);
    expect(esbuild.banner).toEqual({ js: cdk.banner });
    expect(esbuild.external).toEqual(cdk.externalModules);
    expect(esbuild.outfile).toBe("/tmp/out/index.mjs");
  });

  it("bundle the AWS SDK except the modules a function declares the runtime provides", () => {
    expect(DEPLOYED_BUNDLE.external).toEqual([]);
    expect(nodejsBundlingOptions().externalModules).toEqual([]);
    expect(nodejsBundlingOptions(["@aws-sdk/client-sqs"]).externalModules).toEqual(["@aws-sdk/client-sqs"]);
  });

  it("give CommonJS dependencies a require in the ESM bundle", () => {
    expect(DEPLOYED_BUNDLE.banner).toContain("createRequire");
    expect(DEPLOYED_BUNDLE.banner).toContain("const require =");
  });
});

/** The SDK's credential providers past the environment, and the STS/SSO clients they call. */
const WHOLE_CHAIN =
  /node_modules\/@aws-sdk\/(credential-provider-(ini|sso|process|web-identity|http|login|node)|nested-clients)\//;

/** The packages a bundle of `entry` for `host` holds. */
async function bundledInputs(entry: string, host: BundleHost): Promise<string[]> {
  const options = esbuildOptionsFor(entry, "/tmp/unused", [], host);
  const result = await build({ ...options, write: false, metafile: true, logLevel: "error" });
  return Object.keys(result.metafile.inputs);
}

describe("a bundle's credentials", () => {
  it("come from the environment alone in a Lambda bundle, by NodejsFunction and esbuild alike", () => {
    expect(existsSync(LAMBDA_CREDENTIALS.replacement)).toBe(true);
    expect(nodejsBundlingOptions().esbuildArgs).toEqual({
      "--alias:@aws-sdk/credential-provider-node": LAMBDA_CREDENTIALS.replacement,
    });
    expect(esbuildOptionsFor("functions/x/handler.ts", "/tmp/out").alias).toEqual({
      "@aws-sdk/credential-provider-node": LAMBDA_CREDENTIALS.replacement,
    });
    expect(esbuildOptionsFor("functions/x/handler.ts", "/tmp/out", [], "container").alias).toBeUndefined();
  });

  it("leave the SDK's whole chain out of a Lambda function and in a container", async () => {
    const entry = join(import.meta.dirname, "..", "..", "functions", "api", "notifications", "handler.ts");
    const lambda = await bundledInputs(entry, "lambda");
    expect(lambda.filter((input) => WHOLE_CHAIN.test(input))).toEqual([]);
    expect(lambda).toContain("shared/adapters/lambda-credentials.ts");
    expect(lambda.some((input) => input.includes("@aws-sdk/credential-provider-env/"))).toBe(true);
    const container = await bundledInputs(entry, "container");
    expect(container.filter((input) => WHOLE_CHAIN.test(input)).length).toBeGreaterThan(5);
  });
});
