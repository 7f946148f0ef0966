import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { platform } from "#shared/contracts/platform";
import { EDGE } from "#shared/platform/declaration/edge";
import type { SecretDeclaration } from "#shared/platform/declaration/types";
import { EDGE_REGION, PlatformSecrets } from "../lib/constructs/platform-secrets.ts";
import { fixtureDeclaration } from "./fixtures/declaration.ts";
import { resourcesOf, type SynthesizedApp, synthPlatform } from "./support/synth-platform.ts";

/** The managed policy `AllViewerExceptHostHeader`: every viewer header but Host, and CloudFront's viewer headers. */
const ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

let dev: SynthesizedApp;
let elsewhere: SynthesizedApp;
let rotated: SynthesizedApp;
let fixture: SynthesizedApp;

beforeAll(() => {
  dev = synthPlatform({ declaration: platform });
  elsewhere = synthPlatform({ declaration: platform, settings: { region: "eu-west-1" } });
  rotated = synthPlatform({
    declaration: platform,
    context: { originSecretVersion: "version-after-rotation" },
  });
  fixture = synthPlatform({ declaration: fixtureDeclaration });
});

interface Origin {
  Id: string;
  OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[];
}
interface DistributionConfig {
  Origins: Origin[];
  CacheBehaviors: { PathPattern: string; TargetOriginId: string; OriginRequestPolicyId: string }[];
}

function distribution(app: SynthesizedApp): DistributionConfig {
  const web = app.app.node.findChild("leadmetrics-dev-web") as Stack;
  const [, resource] = resourcesOf(app.template(web), "AWS::CloudFront::Distribution")[0] ?? [];
  return resource?.Properties.DistributionConfig as DistributionConfig;
}

function apiOrigin(app: SynthesizedApp): Origin {
  const config = distribution(app);
  const api = config.CacheBehaviors.find((b) => b.PathPattern === "/api/*");
  const origin = config.Origins.find((o) => o.Id === api?.TargetOriginId);
  if (!origin) throw new Error("no /api/* origin");
  return origin;
}

describe("the front door, in CloudFront", () => {
  it("adds the origin header to every request to the API, its value resolved from the secret at deploy", () => {
    expect(apiOrigin(dev).OriginCustomHeaders).toEqual([
      {
        HeaderName: EDGE.originHeader,
        HeaderValue: "{{resolve:secretsmanager:leadmetrics/dev/origin-verify:SecretString:current::}}",
      },
    ]);
  });

  it("sends the version a rotation names, so the redeployed Web stack resolves the new value", () => {
    expect(apiOrigin(rotated).OriginCustomHeaders?.[0]?.HeaderValue).toBe(
      "{{resolve:secretsmanager:leadmetrics/dev/origin-verify:SecretString:current::version-after-rotation}}",
    );
  });

  it("never puts a secret value in the template: the only origin header is the dynamic reference", () => {
    const web = dev.app.node.findChild("leadmetrics-dev-web") as Stack;
    const text = JSON.stringify(dev.template(web).toJSON());
    expect(text.match(/x-origin-verify/g)).toHaveLength(1);
  });

  it("forwards CloudFront's viewer address to the API with every viewer header but Host", () => {
    const api = distribution(dev).CacheBehaviors.find((b) => b.PathPattern === "/api/*");
    expect(api?.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
  });

  it("adds no origin header for a declaration without a front door", () => {
    expect(apiOrigin(fixture).OriginCustomHeaders).toBeUndefined();
  });
});

describe("the origin secret, in the Data stack", () => {
  const originSecret = (app: SynthesizedApp = dev) => {
    const template = app.template(app.stacks.data);
    const found = resourcesOf(template, "AWS::SecretsManager::Secret").find(
      ([, s]) => s.Properties.Name === "leadmetrics/dev/origin-verify",
    );
    if (!found) throw new Error("no origin secret");
    return { template, secret: found[1].Properties };
  };

  it("is generated at deploy as {current: …}, so CloudFront can send it from the first deploy on", () => {
    expect(originSecret().secret.GenerateSecretString).toMatchObject({
      SecretStringTemplate: "{}",
      GenerateStringKey: "current",
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
  });

  it("is replicated to us-east-1, where the distribution resolves it, when the stage's Region is another", () => {
    expect(originSecret(elsewhere).secret.ReplicaRegions).toEqual([{ Region: EDGE_REGION }]);
    expect(originSecret(dev).secret.ReplicaRegions).toBeUndefined();
  });

  it("is the only secret replicated", () => {
    const replicated = resourcesOf(
      elsewhere.template(elsewhere.stacks.data),
      "AWS::SecretsManager::Secret",
    ).filter(([, s]) => s.Properties.ReplicaRegions !== undefined);
    expect(replicated).toHaveLength(1);
  });

  it.each([
    ["eu-west-1", [{ Region: EDGE_REGION }]],
    [EDGE_REGION, undefined],
  ])("in a stack pinned to %s gets replicas %j, decided at synth", (region, replicas) => {
    const stack = new Stack(new App(), "Pinned", { env: { account: "123456789012", region } });
    const declaration = platform.secrets.find((s) => s.name === EDGE.originSecret) as SecretDeclaration;
    new PlatformSecrets(stack, "Secrets", { declarations: [declaration], physicalName: (n) => n });
    const [, secret] = resourcesOf(Template.fromStack(stack), "AWS::SecretsManager::Secret")[0] ?? [];
    expect(secret?.Properties.ReplicaRegions).toEqual(replicas);
    expect(Template.fromStack(stack).toJSON().Conditions).toBeUndefined();
  });
});
