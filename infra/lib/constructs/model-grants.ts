import { Aws, Validations } from "aws-cdk-lib";
import { Grant, type IGrantable } from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import type { EmbeddingChoice, ModelChoice, ModelConfig } from "#shared/adapters/llm/model-config";

/**
 * The geography prefixes of Bedrock's cross-Region (system-defined) inference profiles: a profile id
 * is `<geo>.<model id>`, e.g. `eu.anthropic.claude-haiku-4-5-20251001-v1:0`, `global.…`. No model
 * provider is named like one, so a prefix too many costs nothing; one too few grants the wrong ARN.
 */
const INFERENCE_PROFILE_GEOGRAPHIES = ["us", "us-gov", "eu", "apac", "jp", "au", "ca", "global"];

const PROFILE_ID = new RegExp(`^(?:${INFERENCE_PROFILE_GEOGRAPHIES.join("|")})\\.(.+)$`);
const BEDROCK_ARN = /^arn:([^:]+):bedrock:([^:]*):([^:]*):([a-z-]+)\/(.+)$/;

/** What a Bedrock choice's `model` names, as far as IAM is concerned. */
export type BedrockTarget =
  /** A model invoked in one Region: `anthropic.claude-…`, or its `foundation-model/` ARN. */
  | { kind: "foundation-model"; modelId: string; arn?: BedrockArn }
  /**
   * A cross-Region inference profile: `us.anthropic.claude-…`, or its `inference-profile/` ARN. It
   * routes to the profile's model (`modelId`, the id without its geography) in any of its Regions.
   */
  | { kind: "inference-profile"; profileId: string; modelId: string; arn?: BedrockArn };

/** A model given as an ARN, and the partition it names. */
export interface BedrockArn {
  value: string;
  partition: string;
}

/**
 * How `model` of a Bedrock choice is invoked (the adapter passes it to Converse as `modelId`), or
 * `undefined` for an ARN of another kind (an application inference profile, a provisioned model):
 * the models those route to cannot be read from the configuration, so no grant could name them.
 */
export function bedrockTarget(model: string): BedrockTarget | undefined {
  const parts = BEDROCK_ARN.exec(model);
  if (!parts) {
    if (model.startsWith("arn:")) return undefined;
    const profile = PROFILE_ID.exec(model);
    return profile?.[1]
      ? { kind: "inference-profile", profileId: model, modelId: profile[1] }
      : { kind: "foundation-model", modelId: model };
  }
  const [, partition = "", , , type, id = ""] = parts;
  const arn = { value: model, partition };
  if (type === "foundation-model") return { kind: "foundation-model", modelId: id, arn };
  const profile = PROFILE_ID.exec(id);
  return type === "inference-profile" && profile?.[1]
    ? { kind: "inference-profile", profileId: id, modelId: profile[1], arn }
    : undefined;
}

/** One statement's worth of `bedrock:InvokeModel`: its resources and, for routed models, its condition. */
export interface BedrockInvokeGrant {
  resources: string[];
  /** The inference profile the resources may be invoked through, and only through. */
  throughProfile?: string;
}

/**
 * What invoking the stage's Bedrock choices takes: each foundation model in its Region, and each
 * inference profile in the account plus its model in every Region (`*`), the latter only when
 * invoked through that profile (`bedrock:InferenceProfileArn`). Empty when no choice is Bedrock.
 * Converse is authorized as `bedrock:InvokeModel`.
 */
export function bedrockInvokeGrants(config: ModelConfig): BedrockInvokeGrant[] {
  const direct = new Set<string>();
  const routed = new Map<string, string>();
  for (const choice of choicesOf(config)) {
    if (choice.provider !== "bedrock") continue;
    const target = bedrockTarget(choice.model);
    // The stage setting refuses such a model at synth; this is for a configuration from elsewhere.
    if (!target) throw new Error(`No grant can name the models Bedrock model "${choice.model}" invokes.`);
    const region = choice.region ?? Aws.REGION;
    if (target.kind === "foundation-model") {
      direct.add(
        target.arn?.value ?? `arn:${Aws.PARTITION}:bedrock:${region}::foundation-model/${target.modelId}`,
      );
      continue;
    }
    const profile =
      target.arn?.value ??
      `arn:${Aws.PARTITION}:bedrock:${region}:${Aws.ACCOUNT_ID}:inference-profile/${target.profileId}`;
    const partition = target.arn?.partition ?? Aws.PARTITION;
    direct.add(profile);
    routed.set(profile, `arn:${partition}:bedrock:*::foundation-model/${target.modelId}`);
  }
  return [
    ...(direct.size > 0 ? [{ resources: [...direct] }] : []),
    ...[...routed].map(([profile, models]) => ({ resources: [models], throughProfile: profile })),
  ];
}

/**
 * Grants a principal with the `models` binding `bedrock:InvokeModel` on exactly the stage's Bedrock
 * models (`bedrockInvokeGrants`), and nothing when it has none. A model reached through an inference
 * profile is named in every Region (`bedrock:*::foundation-model/<id>`): cdk-nag's wildcard finding is
 * acknowledged on the principal for exactly those resources.
 */
export function grantModels(grantee: IGrantable, config: ModelConfig): void {
  for (const grant of bedrockInvokeGrants(config)) {
    Grant.addToPrincipal({
      grantee,
      actions: ["bedrock:InvokeModel"],
      resourceArns: grant.resources,
      ...(grant.throughProfile && {
        conditions: { ArnLike: { "bedrock:InferenceProfileArn": grant.throughProfile } },
      }),
    });
    const principal = grantee.grantPrincipal;
    if (grant.throughProfile && Construct.isConstruct(principal)) {
      Validations.of(principal).acknowledge(
        ...grant.resources.map((resource) => ({
          id: `AwsSolutions-IAM5[Resource::${nagResource(resource)}]`,
          reason:
            "A cross-Region inference profile routes to its model in any of its Regions, which IAM must allow (the Region is `*`); the statement holds only when invoked through the configured profile (bedrock:InferenceProfileArn).",
        })),
      );
    }
  }
}

/** Every choice the stage may invoke: the agents' models and the knowledge base's embedding model. */
function choicesOf(config: ModelConfig): (ModelChoice | EmbeddingChoice)[] {
  return [
    config.default,
    ...Object.values(config.agents ?? {}),
    ...(config.embeddings ? [config.embeddings] : []),
  ];
}

/** A resource as cdk-nag spells it in a finding id: pseudo parameters as `<AWS::Partition>`. */
function nagResource(resource: string): string {
  return resource.replace(Aws.PARTITION, "<AWS::Partition>");
}
