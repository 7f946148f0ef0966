import { runInNewContext } from "node:vm";
import { Stack } from "aws-cdk-lib";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { platform } from "#shared/contracts/platform";
import {
  PORTAL,
  portalUri,
  SECURITY_HEADERS,
  spaRewriteFunctionCode,
} from "#shared/platform/declaration/edge";
import { resourcesOf, synthPlatform } from "./support/synth-platform.ts";

let web: Template;

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
  DefaultRootObject?: string;
  Origins: { Id: string; DomainName: unknown; OriginAccessControlId?: unknown; [key: string]: unknown }[];
}

let config: DistributionConfig;

/** The logical id of the one resource of `type`. */
function onlyId(type: string): string {
  const found = resourcesOf(web, type);
  expect(found, type).toHaveLength(1);
  return found[0]?.[0] ?? "";
}

beforeAll(() => {
  const app = synthPlatform({ declaration: platform, stage: "dev" });
  const stack = app.app.node.tryFindChild("leadmetrics-dev-web");
  if (!(stack instanceof Stack)) throw new Error("no leadmetrics-dev-web stack");
  web = app.template(stack);
  const [, distribution] = resourcesOf(web, "AWS::CloudFront::Distribution")[0] ?? [];
  config = distribution?.Properties.DistributionConfig as DistributionConfig;
});

describe("the portal's origin", () => {
  /** The bucket the default behaviour reads: the one that holds the deployed build. */
  function portalBucketId(): string {
    const origin = config.Origins.find((o) => o.Id === config.DefaultCacheBehavior.TargetOriginId);
    const domain = origin?.DomainName as { "Fn::GetAtt": [string, string] };
    expect(domain["Fn::GetAtt"][1]).toBe("RegionalDomainName");
    return domain["Fn::GetAtt"][0];
  }

  it("is a private, encrypted, SSL-only bucket with server access logs", () => {
    const id = portalBucketId();
    web.hasResource("AWS::S3::Bucket", {
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: "s3/portal/" }),
      }),
    });
    const [, bucket] = resourcesOf(web, "AWS::S3::Bucket").find(([logicalId]) => logicalId === id) ?? [];
    expect(bucket?.Properties.LoggingConfiguration).toBeDefined();
    const statements = bucketPolicyStatements(id);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: "Deny",
        Action: "s3:*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    );
    // Nothing grants a public principal.
    for (const statement of statements) {
      if (statement.Effect === "Allow") expect(statement.Principal).not.toEqual({ AWS: "*" });
    }
  });

  it("is read by the distribution only, through origin access control (and may be listed, so a missing file is a 404)", () => {
    const id = portalBucketId();
    const oac = onlyId("AWS::CloudFront::OriginAccessControl");
    web.hasResourceProperties("AWS::CloudFront::OriginAccessControl", {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: "s3",
        SigningBehavior: "always",
        SigningProtocol: "sigv4",
      }),
    });
    const origin = config.Origins.find((o) => o.Id === config.DefaultCacheBehavior.TargetOriginId);
    expect(origin?.OriginAccessControlId).toEqual({ "Fn::GetAtt": [oac, "Id"] });
    const distribution = onlyId("AWS::CloudFront::Distribution");
    expect(bucketPolicyStatements(id)).toContainEqual(
      expect.objectContaining({
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: ["s3:GetObject", "s3:ListBucket"],
        Condition: { StringEquals: { "AWS:SourceArn": expect.anything() } },
      }),
    );
    expect(JSON.stringify(bucketPolicyStatements(id))).toContain(`"Ref":"${distribution}"`);
  });

  it("holds the build through two deployments: hashed assets cached a year, the pages revalidated, nothing pruned", () => {
    const deployments = resourcesOf(web, "Custom::CDKBucketDeployment").map(([, r]) => r.Properties);
    expect(deployments).toHaveLength(2);
    for (const deployment of deployments) {
      expect(deployment.DestinationBucketName).toEqual({ Ref: portalBucketId() });
      expect(deployment.Prune).toBe(false);
    }
    expect(deployments).toContainEqual(
      expect.objectContaining({
        Include: [`${PORTAL.assetsPrefix}*`],
        Exclude: ["*"],
        SystemMetadata: { "cache-control": PORTAL.assetsCacheControl },
      }),
    );
    expect(deployments).toContainEqual(
      expect.objectContaining({
        Exclude: [`${PORTAL.assetsPrefix}*`],
        SystemMetadata: { "cache-control": PORTAL.pagesCacheControl },
      }),
    );
  });

  it("refuses to synthesize without a build, naming the command that makes one", () => {
    expect(() =>
      synthPlatform({ declaration: platform, stage: "dev", portalDirectory: "/nonexistent/portal" }),
    ).toThrow(/The portal is not built.*npm run build/);
  });
});

describe("the default behaviour", () => {
  it("serves the portal over HTTPS, GET and HEAD only, honouring each object's Cache-Control", () => {
    expect(config.DefaultCacheBehavior).toMatchObject({
      AllowedMethods: ["GET", "HEAD"],
      ViewerProtocolPolicy: "redirect-to-https",
      // The managed CachingOptimized policy.
      CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
    });
    expect(config.DefaultRootObject).toBe(PORTAL.index);
  });

  it("runs the SPA fallback as a CloudFront Function on viewer requests", () => {
    const fn = onlyId("AWS::CloudFront::Function");
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: "viewer-request", FunctionARN: { "Fn::GetAtt": [fn, "FunctionARN"] } },
    ]);
    web.hasResourceProperties("AWS::CloudFront::Function", {
      FunctionCode: spaRewriteFunctionCode(),
      FunctionConfig: Match.objectLike({ Runtime: "cloudfront-js-2.0" }),
    });
    // No error response turns a 403/404 into index.html: that would mask the API's own 404s too.
    expect(config).not.toHaveProperty("CustomErrorResponses");
  });

  it("rewrites exactly the paths the local edge answers with index.html", () => {
    const [, resource] = resourcesOf(web, "AWS::CloudFront::Function")[0] ?? [];
    const code = String(resource?.Properties.FunctionCode);
    const rewrite = (uri: string): string =>
      runInNewContext(`${code}\nhandler({ request: { uri: ${JSON.stringify(uri)} } }).uri`) as string;
    const paths = ["/", "/login", "/content/01JABC/versions", "/review/", "/v1.2/x", "/assets/index-3f2a.js"];
    for (const path of [...paths, "/favicon.ico", "/robots.txt"]) {
      expect(rewrite(path), path).toBe(portalUri(path));
    }
    expect(rewrite("/content/01JABC")).toBe("/index.html");
    expect(rewrite("/assets/index-3f2a.js")).toBe("/assets/index-3f2a.js");
  });
});

describe("the security headers", () => {
  it("are one response headers policy, built from the declaration the local edge reads", () => {
    web.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: SECURITY_HEADERS.strictTransportSecurity.maxAgeSeconds,
            IncludeSubdomains: true,
            Override: true,
          },
          ContentSecurityPolicy: {
            ContentSecurityPolicy: SECURITY_HEADERS.contentSecurityPolicy,
            Override: true,
          },
          FrameOptions: { FrameOption: "DENY", Override: true },
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: { ReferrerPolicy: "strict-origin-when-cross-origin", Override: true },
        },
      }),
    });
  });

  it("allow only the app's own origin for scripts, styles, connections and framing", () => {
    const csp = SECURITY_HEADERS.contentSecurityPolicy.split("; ");
    expect(csp).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
      ]),
    );
    expect(SECURITY_HEADERS.contentSecurityPolicy).not.toMatch(/unsafe-|\*|https?:/);
    expect(SECURITY_HEADERS.strictTransportSecurity.maxAgeSeconds).toBeGreaterThanOrEqual(31_536_000);
  });

  it("go on the portal's and the API's answers, not on the WebSocket handshake's", () => {
    const policy = { Ref: onlyId("AWS::CloudFront::ResponseHeadersPolicy") };
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual(policy);
    const byPath = new Map(config.CacheBehaviors.map((b) => [b.PathPattern, b]));
    expect(byPath.get("/api/*")?.ResponseHeadersPolicyId).toEqual(policy);
    expect(byPath.get("/ws")).toBeDefined();
    expect(byPath.get("/ws")?.ResponseHeadersPolicyId).toBeUndefined();
  });
});

function bucketPolicyStatements(bucketId: string): Record<string, unknown>[] {
  const policy = resourcesOf(web, "AWS::S3::BucketPolicy").find(
    ([, r]) => JSON.stringify(r.Properties.Bucket) === JSON.stringify({ Ref: bucketId }),
  );
  const document = policy?.[1].Properties.PolicyDocument as { Statement: Record<string, unknown>[] };
  return document.Statement;
}
