import { Stack } from "aws-cdk-lib";
import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { AGENT_MODELS_ENV, type ModelConfig, OFFLINE_EVERYWHERE } from "#shared/adapters/llm/model-config";
import { platform } from "#shared/contracts/platform";
import {
  declaredFunctions as declaredFunctionIds,
  functionIds,
} from "#shared/platform/declaration/functions";
import { resourceName } from "#shared/platform/declaration/naming";
import { bedrockInvokeGrants, bedrockTarget } from "../lib/constructs/model-grants.ts";
import { consumerContainerOf } from "./support/container-definitions.ts";
import {
  resourcesOf,
  type SynthesizedApp,
  synthPlatform,
  unacknowledgedFindings,
} from "./support/synth-platform.ts";
import {
  actionsOf,
  type PolicyStatement,
  referenceTo,
  resourcesOfStatement,
} from "./support/template-references.ts";

const SONNET = "anthropic.claude-3-5-sonnet-20240620-v1:0";
const HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0";

/** A Bedrock default, one agent on a Bedrock inference profile (Fargate), one on OpenAI (Lambda). */
const MODELS: ModelConfig = {
  default: { provider: "bedrock", model: SONNET },
  agents: {
    "blog-writer": { provider: "bedrock", model: `eu.${HAIKU}` },
    "social-post-writer": {
      provider: "openai-compatible",
      model: "gpt-4o-mini",
      baseUrl: "https://api.openai.com/v1",
      apiKeySecretField: "openai",
    },
  },
};

/** An ARN in the partition of the stack, as the template joins it: `arn:<AWS::Partition><parts>`. */
const arn = (...parts: unknown[]) => ({ "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ...parts]] });
const REGION = { Ref: "AWS::Region" };
const ACCOUNT = { Ref: "AWS::AccountId" };
const SONNET_ARN = arn(":bedrock:", REGION, `::foundation-model/${SONNET}`);
const PROFILE_ARN = arn(":bedrock:", REGION, ":", ACCOUNT, `:inference-profile/eu.${HAIKU}`);
const HAIKU_ANYWHERE = arn(`:bedrock:*::foundation-model/${HAIKU}`);

/** A function or Fargate consumer of the templates: its name, environment and role. */
interface Principal {
  kind: "lambda" | "fargate";
  name: string;
  stack: Template;
  roleLogicalId: string;
  environment: Record<string, unknown>;
}

/** The template of every stack of the app, the Web stack included. */
function templatesOf(app: SynthesizedApp): Template[] {
  return app.app.node.findAll().filter(Stack.isStack).map(app.template);
}

/** Every Lambda function and every Fargate task of a synthesized platform, across its stacks. */
function principalsOf(app: SynthesizedApp): Principal[] {
  return templatesOf(app).flatMap((template) => {
    const functions = resourcesOf(template, "AWS::Lambda::Function").map(([, fn]) => ({
      kind: "lambda" as const,
      name: String(fn.Properties.FunctionName),
      stack: template,
      roleLogicalId: String(referenceTo(fn.Properties.Role)?.logicalId),
      environment:
        (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {},
    }));
    const tasks = resourcesOf(template, "AWS::ECS::TaskDefinition").map(([, task]) => {
      const container = consumerContainerOf(task);
      return {
        kind: "fargate" as const,
        name: String(task.Properties.Family),
        stack: template,
        roleLogicalId: String(referenceTo(task.Properties.TaskRoleArn)?.logicalId),
        environment: Object.fromEntries((container?.Environment ?? []).map((e) => [e.Name, e.Value])),
      };
    });
    return [...functions, ...tasks];
  });
}

/** Physical names of the functions and containers the declaration gives the `models` binding. */
const modelsBound = new Set(
  [
    ...declaredFunctionIds(platform).map((f) => ({ id: f.id, bindings: f.declaration.bindings })),
    ...platform.containers.map((c) => ({ id: functionIds.consumer(c.name), bindings: c.bindings })),
  ]
    .filter((f) => f.bindings?.models)
    .map((f) => resourceName(platform.app, "dev", f.id)),
);

/** The statements of every identity policy attached to a role, Bedrock ones only. */
function bedrockStatementsOf(principal: Principal): PolicyStatement[] {
  return resourcesOf(principal.stack, "AWS::IAM::Policy")
    .filter(([, policy]) =>
      (policy.Properties.Roles as unknown[]).some(
        (role) => referenceTo(role)?.logicalId === principal.roleLogicalId,
      ),
    )
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement)
    .filter((statement) => JSON.stringify(statement).includes("bedrock"));
}

/** Every IAM policy, role and managed policy of every stack, as text. */
function iamTextOf(app: SynthesizedApp): string[] {
  return templatesOf(app).flatMap((template) =>
    ["AWS::IAM::Policy", "AWS::IAM::Role", "AWS::IAM::ManagedPolicy"].flatMap((type) =>
      resourcesOf(template, type).map(([id, resource]) => `${id} ${JSON.stringify(resource)}`),
    ),
  );
}

let configured: SynthesizedApp;
let unconfigured: SynthesizedApp;

beforeAll(() => {
  configured = synthPlatform({ declaration: platform, settings: { models: MODELS } });
  unconfigured = synthPlatform({ declaration: platform, settings: { models: undefined } });
});

describe("the models binding, on a stage whose models setting names Bedrock and OpenAI models", () => {
  it("binds at least one agent Lambda and one Fargate consumer, so the checks below check both", () => {
    const bound = principalsOf(configured).filter((p) => modelsBound.has(p.name));
    expect(bound.filter((p) => p.kind === "lambda").length).toBeGreaterThan(0);
    expect(bound.filter((p) => p.kind === "fargate").length).toBeGreaterThan(0);
    expect(bound.map((p) => p.name).sort()).toEqual([...modelsBound].sort());
  });

  it("gives every agent Lambda and Fargate task the setting as AGENT_MODELS, and nothing else has it", () => {
    for (const principal of principalsOf(configured)) {
      const value = principal.environment[AGENT_MODELS_ENV];
      if (!modelsBound.has(principal.name)) {
        expect(value, principal.name).toBeUndefined();
        continue;
      }
      expect(typeof value, principal.name).toBe("string");
      expect(JSON.parse(String(value)), principal.name).toEqual(MODELS);
    }
  });

  it("lets each of them invoke exactly the configured Bedrock models, a profile's model in any Region only through it", () => {
    for (const principal of principalsOf(configured).filter((p) => modelsBound.has(p.name))) {
      const statements = bedrockStatementsOf(principal);
      for (const statement of statements) {
        expect(statement.Effect, principal.name).toBe("Allow");
        expect(actionsOf(statement), principal.name).toEqual(["bedrock:InvokeModel"]);
      }
      const direct = statements.filter((s) => !("Condition" in s));
      const routed = statements.filter((s) => "Condition" in s);
      expect(direct.flatMap(resourcesOfStatement), principal.name).toEqual(
        expect.arrayContaining([SONNET_ARN, PROFILE_ARN]),
      );
      expect(direct.flatMap(resourcesOfStatement), principal.name).toHaveLength(2);
      expect(routed, principal.name).toEqual([
        {
          Effect: "Allow",
          Action: "bedrock:InvokeModel",
          Resource: HAIKU_ANYWHERE,
          Condition: { ArnLike: { "bedrock:InferenceProfileArn": PROFILE_ARN } },
        },
      ]);
    }
  });

  it("grants Bedrock to no role of a function or container without the binding", () => {
    const principals = principalsOf(configured);
    const unbound = principals.filter((p) => !modelsBound.has(p.name));
    expect(unbound.length).toBeGreaterThan(0);
    for (const principal of unbound) expect(bedrockStatementsOf(principal), principal.name).toEqual([]);
    // Nor any other role: only the bound principals' own policies mention Bedrock.
    const boundRoles = new Set(principals.filter((p) => modelsBound.has(p.name)).map((p) => p.roleLogicalId));
    const mentioning = iamTextOf(configured).filter((text) => text.includes("bedrock"));
    expect(mentioning).toHaveLength(boundRoles.size);
    for (const text of mentioning) {
      const roles = [...boundRoles].filter((role) => text.includes(`"Ref":"${role}"`));
      expect(roles, text.slice(0, 120)).toHaveLength(1);
    }
  });

  it("stays clean under cdk-nag: the any-Region model wildcard is acknowledged for exactly those resources", () => {
    expect(unacknowledgedFindings(configured.report)).toEqual([]);
  });
});

describe("the models binding, on a stage without a models setting", () => {
  it("gives every agent Lambda and Fargate task the offline configuration as AGENT_MODELS", () => {
    const bound = principalsOf(unconfigured).filter((p) => modelsBound.has(p.name));
    expect(bound).toHaveLength(modelsBound.size);
    for (const principal of bound) {
      expect(JSON.parse(String(principal.environment[AGENT_MODELS_ENV])), principal.name).toEqual(
        OFFLINE_EVERYWHERE,
      );
    }
  });

  it("grants Bedrock nowhere: no IAM policy of any stack mentions it", () => {
    const iam = iamTextOf(unconfigured);
    expect(iam.length).toBeGreaterThan(0);
    expect(iam.filter((text) => /bedrock/i.test(text))).toEqual([]);
  });
});

describe("a malformed models setting", () => {
  const synthWith = (models: unknown) => () =>
    synthPlatform({ declaration: platform, stage: "prod", settings: { models } });

  it.each([
    [
      "an unknown provider",
      { default: { provider: "gemini", model: "x" } },
      /default\.provider: expected one of/,
    ],
    [
      "an unknown agent",
      { default: { provider: "offline" }, agents: { "blog-writter": { provider: "offline" } } },
      /agents\.blog-writter: no such agent/,
    ],
    [
      "an API key",
      { default: { provider: "anthropic", model: "claude-sonnet-4-5", apiKey: "sk-ant-api03-abc" } },
      /default\.apiKey: API keys belong in the model-api-keys secret/,
    ],
    [
      "a key where the name of its field belongs",
      {
        default: { provider: "offline" },
        agents: {
          setup: { provider: "anthropic", model: "claude-sonnet-4-5", apiKeySecretField: "sk-ant-api03-abc" },
        },
      },
      /agents\.setup\.apiKeySecretField: looks like a key/,
    ],
    [
      "a base URL carrying a key",
      {
        default: {
          provider: "openai-compatible",
          model: "gpt-4o-mini",
          baseUrl: "https://example.openai.azure.com/v1?api-key=abc",
        },
      },
      /default\.baseUrl: carries credentials/,
    ],
    [
      "a Bedrock model no grant can name",
      {
        default: {
          provider: "bedrock",
          model: "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/a1b2c3",
        },
      },
      /default\.model: .* is neither a foundation model nor a cross-Region inference profile/,
    ],
    [
      "a configuration too large for a Lambda environment",
      {
        default: { provider: "offline" },
        agents: Object.fromEntries(
          ["setup", "strategy-writer", "blog-writer", "social-post-writer"].map((role) => [
            role,
            {
              provider: "openai-compatible",
              model: "m".repeat(200),
              baseUrl: `https://models.example.com/${"v".repeat(400)}`,
            },
          ]),
        ),
      },
      /\(root\): \d+ bytes as AGENT_MODELS, over the 2048/,
    ],
  ])("fails synth with %s, naming the stage and the problem", (_, models, problem) => {
    expect(synthWith(models)).toThrow(/^Settings of stage "prod" in cdk\.json are invalid:/);
    expect(synthWith(models)).toThrow(problem);
  });
});

describe("bedrockInvokeGrants", () => {
  const resolved = (config: ModelConfig) => new Stack().resolve(bedrockInvokeGrants(config));

  it("is empty when no choice is Bedrock", () => {
    expect(bedrockInvokeGrants(OFFLINE_EVERYWHERE)).toEqual([]);
    expect(
      bedrockInvokeGrants({
        default: {
          provider: "anthropic",
          model: "claude-sonnet-4-5",
          baseUrl: "https://api.anthropic.com",
          apiKeySecretField: "anthropic",
        },
      }),
    ).toEqual([]);
  });

  it("names a choice's own Region, takes ARNs as they are, and names each model once", () => {
    const profileArn = `arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.${HAIKU}`;
    expect(
      resolved({
        default: { provider: "bedrock", model: SONNET, region: "us-west-2" },
        agents: {
          setup: { provider: "bedrock", model: SONNET, region: "us-west-2" },
          "blog-writer": { provider: "bedrock", model: profileArn },
          "strategy-writer": {
            provider: "bedrock",
            model: `arn:aws:bedrock:eu-west-1::foundation-model/${SONNET}`,
          },
        },
      }),
    ).toEqual([
      {
        resources: [
          arn(`:bedrock:us-west-2::foundation-model/${SONNET}`),
          profileArn,
          `arn:aws:bedrock:eu-west-1::foundation-model/${SONNET}`,
        ],
      },
      { resources: [`arn:aws:bedrock:*::foundation-model/${HAIKU}`], throughProfile: profileArn },
    ]);
  });

  it("grants the knowledge base's embedding model too, Titan v2 unless another is named", () => {
    expect(
      resolved({
        default: { provider: "offline" },
        embeddings: { provider: "bedrock", model: "amazon.titan-embed-text-v2:0", region: "eu-west-1" },
      }),
    ).toEqual([{ resources: [arn(":bedrock:eu-west-1::foundation-model/amazon.titan-embed-text-v2:0")] }]);
    expect(resolved({ default: { provider: "offline" }, embeddings: { provider: "local" } })).toEqual([]);
  });
});

describe("bedrockTarget", () => {
  it.each([
    [SONNET, { kind: "foundation-model", modelId: SONNET }],
    [
      `arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/us-gov.${HAIKU}`,
      {
        kind: "inference-profile",
        profileId: `us-gov.${HAIKU}`,
        modelId: HAIKU,
        arn: {
          value: `arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/us-gov.${HAIKU}`,
          partition: "aws-us-gov",
        },
      },
    ],
    [`us.${HAIKU}`, { kind: "inference-profile", profileId: `us.${HAIKU}`, modelId: HAIKU }],
    [`global.${HAIKU}`, { kind: "inference-profile", profileId: `global.${HAIKU}`, modelId: HAIKU }],
    [`us-gov.${HAIKU}`, { kind: "inference-profile", profileId: `us-gov.${HAIKU}`, modelId: HAIKU }],
    ["amazon.nova-pro-v1:0", { kind: "foundation-model", modelId: "amazon.nova-pro-v1:0" }],
    ["arn:aws:bedrock:eu-west-1:123456789012:provisioned-model/abc", undefined],
    ["arn:aws:bedrock:eu-west-1:123456789012:inference-profile/not-a-profile", undefined],
  ])("reads %s", (model, target) => {
    expect(bedrockTarget(model)).toEqual(target);
  });
});
