import { Stack } from "aws-cdk-lib";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { platform } from "#shared/contracts/platform";
import { AUTH_PATH_PREFIX, CLOUDFRONT_REGION } from "../lib/constructs/edge-web-acl.ts";
import { resourcesOf, type SynthesizedApp, synthPlatform } from "./support/synth-platform.ts";

let dev: SynthesizedApp;
let web: Template;

/** The Web stack of a synthesized app, found by its deployed name. */
function webStack(app: SynthesizedApp, stage = "dev"): Stack {
  const stack = app.app.node.tryFindChild(`leadmetrics-${stage}-web`);
  if (!(stack instanceof Stack)) throw new Error(`no leadmetrics-${stage}-web stack`);
  return stack;
}

beforeAll(() => {
  dev = synthPlatform({ declaration: platform, stage: "dev" });
  web = dev.template(webStack(dev));
});

interface Behavior {
  PathPattern?: string;
  TargetOriginId: string;
  ResponseHeadersPolicyId?: unknown;
  FunctionAssociations?: { EventType: string; FunctionARN: unknown }[];
  [key: string]: unknown;
}
interface DistributionConfig {
  CacheBehaviors: Behavior[];
  DefaultCacheBehavior: Behavior;
  Origins: {
    Id: string;
    DomainName: unknown;
    CustomOriginConfig?: Record<string, unknown>;
    [key: string]: unknown;
  }[];
  Logging?: unknown;
  DefaultRootObject?: string;
}

function distributionConfig(template: Template): DistributionConfig {
  const [, distribution] = resourcesOf(template, "AWS::CloudFront::Distribution")[0] ?? [];
  return distribution?.Properties.DistributionConfig as DistributionConfig;
}

/** The domain name of the origin the `/api/*` behaviour goes to. */
function originDomainOf(template: Template): unknown {
  const config = distributionConfig(template);
  const api = config.CacheBehaviors.find((b) => b.PathPattern === "/api/*");
  return config.Origins.find((o) => o.Id === api?.TargetOriginId)?.DomainName;
}

/**
 * The `Fn::GetStackOutput` inside `Fn::Select(2, Fn::Split("/", …))`: how the origin's host is cut
 * from the endpoint another stack outputs.
 */
function weakReadOf(domainName: unknown): { StackName: string; Region: string; OutputName: string } {
  const select = (domainName as { "Fn::Select": [number, { "Fn::Split": [string, unknown] }] })["Fn::Select"];
  expect(select[0]).toBe(2);
  const [separator, endpoint] = select[1]["Fn::Split"];
  expect(separator).toBe("/");
  return (endpoint as { "Fn::GetStackOutput": { StackName: string; Region: string; OutputName: string } })[
    "Fn::GetStackOutput"
  ];
}

function onlyWebAcl() {
  const acls = resourcesOf(web, "AWS::WAFv2::WebACL");
  expect(acls).toHaveLength(1);
  const [logicalId, acl] = acls[0] ?? [];
  if (!logicalId || !acl) throw new Error("no WebACL");
  return { logicalId, props: acl.Properties };
}

describe("the Web stack", () => {
  it("is named <app>-<stage>-web and deploys to us-east-1, in no particular account, so synth needs none", () => {
    const stack = webStack(dev);
    expect(stack.stackName).toBe("leadmetrics-dev-web");
    expect(stack.environment).toBe("aws://unknown-account/us-east-1");
    expect(CLOUDFRONT_REGION).toBe("us-east-1");
  });

  it("stays in us-east-1 on a stage in another Region, reading the API's endpoint from there", () => {
    const elsewhere = synthPlatform({
      declaration: platform,
      stage: "dev",
      settings: { region: "eu-west-1" },
    });
    const { stacks } = elsewhere;
    expect(stacks.web.region).toBe("us-east-1");
    for (const stack of [stacks.data, stacks.api, stacks.workers, stacks.observability]) {
      expect(stack?.environment, stack?.stackName).toBe("aws://unknown-account/eu-west-1");
    }
    const origin = originDomainOf(elsewhere.template(stacks.web));
    const read = weakReadOf(origin);
    expect(read).toEqual({
      StackName: "leadmetrics-dev-api",
      Region: "eu-west-1",
      OutputName: expect.any(String),
    });
    // The output it reads is the Api stack's endpoint, and nothing is exported for it.
    const api = elsewhere.template(stacks.api).toJSON() as {
      Outputs: Record<string, { Value: unknown; Export?: unknown }>;
    };
    const output = api.Outputs[read.OutputName];
    expect(output?.Value).toEqual({ "Fn::GetAtt": [expect.stringMatching(/^ApiHttpApi/), "ApiEndpoint"] });
    expect(output?.Export).toBeUndefined();
  });

  it("has a CLOUDFRONT-scoped WebACL that blocks an IP over its rate on the auth routes only", () => {
    const { props } = onlyWebAcl();
    expect(props).toMatchObject({ Scope: "CLOUDFRONT", DefaultAction: { Allow: {} } });
    const rules = props.Rules as { Name: string; Action?: unknown; Statement: Record<string, unknown> }[];
    const rate = rules.find((r) => r.Statement.RateBasedStatement !== undefined);
    expect(rate).toMatchObject({
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: {
          AggregateKeyType: "IP",
          Limit: expect.any(Number),
          ScopeDownStatement: {
            ByteMatchStatement: {
              FieldToMatch: { UriPath: {} },
              PositionalConstraint: "STARTS_WITH",
              SearchString: "/api/auth/",
            },
          },
        },
      },
    });
    expect(AUTH_PATH_PREFIX).toBe("/api/auth/");
  });

  it("runs AWS's managed common rule set after the rate limit", () => {
    const { props } = onlyWebAcl();
    const rules = props.Rules as { Name: string; Priority: number; Statement: Record<string, unknown> }[];
    const common = rules.find(
      (r) =>
        (r.Statement.ManagedRuleGroupStatement as { Name?: string } | undefined)?.Name ===
        "AWSManagedRulesCommonRuleSet",
    );
    const rate = rules.find((r) => r.Statement.RateBasedStatement !== undefined);
    expect(common?.Statement.ManagedRuleGroupStatement).toMatchObject({ VendorName: "AWS" });
    expect(rate?.Priority).toBeLessThan(common?.Priority ?? -1);
  });

  it("puts the distribution behind the WebACL", () => {
    const { logicalId } = onlyWebAcl();
    web.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({ WebACLId: { "Fn::GetAtt": [logicalId, "Arn"] } }),
    });
  });

  it("sends /api/* to the HTTP API uncached, with every viewer header but Host, over HTTPS", () => {
    const config = distributionConfig(web);
    const api = config.CacheBehaviors.find((b) => b.PathPattern === "/api/*");
    // The managed policies' ids: CachingDisabled and AllViewerExceptHostHeader.
    expect(api).toMatchObject({
      CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
      OriginRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
      ViewerProtocolPolicy: "https-only",
      AllowedMethods: expect.arrayContaining(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    });
    // Three origins: the portal's bucket (default), the HTTP API (here) and the WebSocket API (`/ws`).
    expect(config.Origins).toHaveLength(3);
    const origin = config.Origins.find((o) => o.Id === api?.TargetOriginId);
    expect(origin?.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: "https-only",
      OriginSSLProtocols: ["TLSv1.2"],
    });
    // The API's host, read from the Api stack (same Region here): not a literal.
    expect(weakReadOf(origin?.DomainName)).toMatchObject({
      StackName: "leadmetrics-dev-api",
      Region: "us-east-1",
    });
    expect(config.Logging).toBeDefined();
  });
});
