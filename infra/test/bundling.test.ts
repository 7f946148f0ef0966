import { OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { describe, expect, it } from "vitest";
import { DEPLOYED_BUNDLE, esbuildOptionsFor, nodejsBundlingOptions } from "../lib/constructs/bundling.ts";

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
