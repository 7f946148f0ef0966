import { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { z } from "zod";
import { ACCESS_TOKEN_TTL_RANGE, DEFAULT_ACCESS_TOKEN_TTL_SECONDS } from "#shared/domain/access/access-token";
import { DEFAULT_STARTER_CREDITS } from "#shared/domain/credits/starter-credits";
import { modelsSetting } from "./models-setting.ts";

const retentionDays = z
  .number()
  .int()
  .refine((days) => (Object.values(RetentionDays) as unknown[]).includes(days), {
    message: "must be a retention CloudWatch Logs offers (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, …)",
  })
  .transform((days) => days as RetentionDays);

/** The partition's Region names: `us-east-1`, `eu-west-1`, `ap-southeast-2`, `us-gov-west-1`… */
const regionName = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, { message: "must be an AWS Region name, e.g. eu-west-1" });

/**
 * The search domain's size. A dev stage runs one small node; prod spreads data nodes over two AZs
 * (zone awareness) with dedicated masters, so losing a node or an AZ keeps the cluster writable.
 */
const searchDomainSettings = z
  .object({
    /** Data nodes' instance type, e.g. `t3.small.search`, `m7g.large.search`. */
    instanceType: z.string().regex(/^[a-z0-9]+\.[a-z0-9]+\.search$/, {
      message: "must be an OpenSearch instance type, e.g. t3.small.search",
    }),
    /** Data nodes; with zone awareness, an even number (half in each AZ). */
    instanceCount: z.number().int().min(1),
    /** gp3 volume per data node, in GiB. */
    volumeGb: z.number().int().min(10),
    /** Spread data nodes and replicas over two AZs. */
    zoneAwareness: z.boolean(),
    /** Dedicated master nodes (3 is the quorum AWS recommends); none: data nodes are masters too. */
    dedicatedMasters: z
      .object({ instanceType: z.string(), count: z.union([z.literal(3), z.literal(5)]) })
      .optional(),
  })
  .refine((s) => !s.zoneAwareness || s.instanceCount % 2 === 0, {
    message: "zoneAwareness needs an even instanceCount (the nodes are split over two AZs)",
  });

/** The size of a dev stage's search domain: one t3.small node, 10 GiB. */
export const DEV_SEARCH_DOMAIN = {
  instanceType: "t3.small.search",
  instanceCount: 1,
  volumeGb: 10,
  zoneAwareness: false,
} as const;

const stageSettingsSchema = z.object({
  /**
   * The Region the stage's stacks deploy to (Data, Api, Events, Workers, Observability). The Web
   * stack deploys to us-east-1 whatever this says: CloudFront's WebACLs exist only there.
   */
  region: regionName,
  /** Days every log group (functions, API access logs) keeps its events. */
  logRetentionDays: retentionDays,
  /** `LOG_LEVEL` of every function. */
  logLevel: z.enum(["DEBUG", "INFO", "WARN", "ERROR"]),
  /** Deletion protection and RETAIN on stateful resources (table, queues, secrets). */
  deletionProtection: z.boolean(),
  /** Encrypt the SNS ops topic with a customer-managed KMS key (CloudWatch alarms cannot use the AWS-managed one). */
  encryptOpsTopic: z.boolean(),
  /** Default-stage throttling of the HTTP API. */
  throttling: z.object({ rateLimit: z.number().positive(), burstLimit: z.number().int().positive() }),
  alarms: z.object({
    /** Alarm when more than this percentage of API requests answer 5xx over five minutes. */
    api5xxRatePercent: z.number().positive(),
    /** Alarm when the API's p99 latency exceeds this many milliseconds over five minutes. */
    apiP99LatencyMs: z.number().positive(),
    /**
     * Alarm when the oldest item waiting for a reviewer has waited longer than this many minutes (the
     * review service level), in two of three five-minute periods.
     */
    reviewWaitMinutes: z.number().positive(),
  }),
  /** E-mail address subscribed to the ops topic; without one, alarms notify no one until ops subscribe. */
  opsEmail: z.email().optional(),
  /**
   * NAT gateways of the platform's VPC (Fargate consumers, the search domain and the functions bound
   * to it). `0`: no private subnets; tasks sit in public subnets with a public IP and a security group
   * that admits nothing inbound (the cheap idle stage), and no function may bind `search` (a Lambda in
   * a VPC gets no public IP, so it would reach neither SQS nor the model providers). `1` or `2`: tasks
   * and search-bound functions in private subnets leave through that many NAT gateways (two: one per
   * AZ, so either AZ's tasks still reach SQS and the model providers when the other fails).
   */
  natGateways: z.number().int().min(0).max(2),
  /**
   * The search domain (OpenSearch), created when a function binds `search`.
   * @default one t3.small.search node with 10 GiB, no zone awareness, no dedicated masters
   */
  search: searchDomainSettings.default(DEV_SEARCH_DOMAIN),
  /**
   * Which model each agent runs on: `AGENT_MODELS` of every function with the `models` binding, and
   * their `bedrock:InvokeModel` grants. No keys: those live in the `model-api-keys` secret.
   * @default every agent offline
   */
  models: modelsSetting,
  /**
   * Credits a new tenant starts with, signed up or created by a super-admin (a `grant` ledger entry,
   * "Starter credits"); 0 grants none.
   * @default 25
   */
  starterCredits: z.number().int().min(0).default(DEFAULT_STARTER_CREDITS),
  /**
   * How long an access token lives, in seconds; the refresh cookie renews it. Shorter ends a revoked
   * session sooner at the cost of more refreshes.
   * @default 900
   */
  accessTokenTtlSeconds: z
    .number()
    .int()
    .min(ACCESS_TOKEN_TTL_RANGE.min)
    .max(ACCESS_TOKEN_TTL_RANGE.max)
    .default(DEFAULT_ACCESS_TOKEN_TTL_SECONDS),
});

/** What differs between stages; read from `cdk.json` context `stages.<stage>`. */
export type StageSettings = z.infer<typeof stageSettingsSchema>;

export const DEFAULT_STAGE = "dev";

/**
 * The stage (context `stage`, default `dev`) and its settings from context `stages`. A missing or
 * malformed stage fails synth at once, naming the problem, instead of deploying half-configured.
 */
export function stageFromContext(scope: Construct): { stage: string; settings: StageSettings } {
  const stage = String(scope.node.tryGetContext("stage") ?? DEFAULT_STAGE);
  if (!/^[a-z][a-z0-9]{0,11}$/.test(stage)) {
    throw new Error(`Stage "${stage}" must be lower-case letters and digits (at most 12), e.g. dev or prod.`);
  }
  const stages: unknown = scope.node.tryGetContext("stages");
  const raw =
    typeof stages === "object" && stages !== null ? (stages as Record<string, unknown>)[stage] : undefined;
  if (raw === undefined)
    throw new Error(`No settings for stage "${stage}" under context "stages" in cdk.json.`);
  const parsed = stageSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `Settings of stage "${stage}" in cdk.json are invalid:\n${z.prettifyError(parsed.error)}`,
    );
  }
  return { stage, settings: parsed.data };
}
