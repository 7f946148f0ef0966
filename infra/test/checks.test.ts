import { Stack, Validations } from "aws-cdk-lib";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import { Code, Function as LambdaFunction, Runtime } from "aws-cdk-lib/aws-lambda";
import { Queue } from "aws-cdk-lib/aws-sqs";
import type { IConstruct } from "constructs";
import { describe, expect, it } from "vitest";
import { platform } from "#shared/contracts/platform";
import { TRACING_ERROR_ID } from "../lib/aspects/require-active-tracing.ts";
import { CLOUDFRONT_WEB_ACL_REGION_ERROR_ID } from "../lib/aspects/require-cloudfront-web-acl-region.ts";
import { EdgeWebAcl } from "../lib/constructs/edge-web-acl.ts";
import { fixtureDeclaration } from "./fixtures/declaration.ts";
import { synthPlatform, unacknowledgedFindings } from "./support/synth-platform.ts";

describe("cdk-nag (AwsSolutions and Serverless packs)", () => {
  it.each([
    ["the real declaration on dev", platform, "dev"],
    ["the real declaration on prod", platform, "prod"],
    ["the fixture declaration on dev", fixtureDeclaration, "dev"],
    ["the fixture declaration on prod", fixtureDeclaration, "prod"],
  ] as const)("reports no unacknowledged finding for %s", (_, declaration, stage) => {
    const { report } = synthPlatform({ declaration, stage });
    expect(unacknowledgedFindings(report)).toEqual([]);
  });

  it("reports the findings of a deliberately bad construct, so the check above can fail", () => {
    const { report } = synthPlatform({
      declaration: platform,
      extend: (app) => new Queue(new Stack(app, "bad-fixture"), "PlainQueue"),
    });
    const findings = unacknowledgedFindings(report);
    expect(findings).toContain("AwsSolutions: error AwsSolutions-SQS3 @ bad-fixture/PlainQueue/Resource");
    expect(findings).toContain("AwsSolutions: error AwsSolutions-SQS4 @ bad-fixture/PlainQueue/Resource");
    expect(findings).toContain(
      "Serverless: error Serverless-SQSRedrivePolicy @ bad-fixture/PlainQueue/Resource",
    );
  });

  it("gives every acknowledgement a reason, on the construct it covers rather than a whole stack", () => {
    const { app } = synthPlatform({ declaration: fixtureDeclaration });
    const acknowledged: { path: string; id: string; reason: unknown }[] = [];
    const visit = (node: IConstruct) => {
      for (const entry of node.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
          acknowledged.push({ path: node.node.path, id, reason });
        }
      }
      for (const child of node.node.children) visit(child);
    };
    visit(app);
    expect(acknowledged.length).toBeGreaterThan(0);
    // aws-cdk-lib itself acknowledges this one on a stack whose AZs a construct reads (the workers' VPC).
    const byCdk = (id: string, reason: unknown) =>
      id === "CloudFormation-Validate::W3010" &&
      reason ===
        "Literal AZs in template are the result of accessing stack.availabilityZones, this is expected and safe";
    for (const { path, id, reason } of acknowledged.filter((a) => !byCdk(a.id, a.reason))) {
      expect(typeof reason === "string" && reason.length > 20, `${id} on ${path} has a reason`).toBe(true);
      // Deeper than a stack: `<stack>/<construct>…`, never the app or a whole stack.
      expect(path.split("/").length, `${id} is acknowledged on ${path}`).toBeGreaterThan(1);
    }
  });
});

describe("the RequireActiveTracing aspect", () => {
  it("fails synth for a Lambda function without active tracing", () => {
    let stack: Stack | undefined;
    synthPlatform({
      declaration: platform,
      extend: (app) => {
        stack = new Stack(app, "untraced-fixture");
        new LambdaFunction(stack, "Untraced", {
          runtime: Runtime.NODEJS_22_X,
          handler: "index.handler",
          code: Code.fromInline("export const handler = async () => {};"),
        });
      },
    });
    if (!stack) throw new Error("the fixture stack was not created");
    Annotations.fromStack(stack).hasError(
      "/untraced-fixture/Untraced/Resource",
      Match.stringLikeRegexp("must have active tracing"),
    );
    expect(TRACING_ERROR_ID).toBe("Platform-LambdaActiveTracing");
  });

  it("lets every platform function through", () => {
    const { app, stacks } = synthPlatform({ declaration: fixtureDeclaration });
    for (const stack of [stacks.data, stacks.api, stacks.events, stacks.workers, stacks.observability]) {
      if (stack) Annotations.fromStack(stack).hasNoError("*", Match.anyValue());
    }
    expect(app.node.children.length).toBeGreaterThan(0);
  });
});

describe("the RequireCloudFrontWebAclRegion aspect", () => {
  /** Synthesizes the platform plus a stack (in `region`, or agnostic) holding a CLOUDFRONT WebACL. */
  const withWebAclIn = (region: string | undefined) => {
    let stack: Stack | undefined;
    synthPlatform({
      declaration: platform,
      extend: (app) => {
        stack = new Stack(app, "edge-fixture", region ? { env: { region } } : {});
        new EdgeWebAcl(stack, "Acl", { name: "edge-fixture" });
      },
    });
    if (!stack) throw new Error("the fixture stack was not created");
    return Annotations.fromStack(stack);
  };

  it.each([
    ["in another Region", "eu-west-1", /deploys to eu-west-1/],
    ["whose Region is left to the credentials", undefined, /deploys to an unresolved Region/],
  ])("fails synth for a CLOUDFRONT WebACL in a stack %s, saying where it must go", (_, region, where) => {
    withWebAclIn(region).hasError(
      "/edge-fixture/Acl/WebAcl",
      Match.stringLikeRegexp(`scope CLOUDFRONT, which WAF creates only in us-east-1.*${where.source}`),
    );
    expect(CLOUDFRONT_WEB_ACL_REGION_ERROR_ID).toBe("Platform-CloudFrontWebAclRegion");
  });

  it("lets one in us-east-1 through, as the platform's Web stack on every stage (cdk-nag clean there too)", () => {
    withWebAclIn("us-east-1").hasNoError("*", Match.anyValue());
    for (const stage of ["dev", "prod"]) {
      const { stacks, report } = synthPlatform({
        declaration: platform,
        stage,
        settings: { region: "eu-central-1" },
      });
      Annotations.fromStack(stacks.web).hasNoError("*", Match.anyValue());
      expect(unacknowledgedFindings(report), `cdk-nag on ${stage} in eu-central-1`).toEqual([]);
    }
  });
});
