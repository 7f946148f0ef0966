/**
 * Which model each agent runs on, per stage: a default and optional per-agent overrides, read from
 * the `AGENT_MODELS` environment variable (JSON) at cold start. Absent, every agent runs offline.
 *
 * ```json
 * {
 *   "default": { "provider": "bedrock", "model": "eu.anthropic.claude-haiku-4-5-20251001-v1:0" },
 *   "agents": {
 *     "blog-writer": { "provider": "anthropic", "model": "claude-sonnet-4-5", "timeoutMs": 300000,
 *                      "pricing": { "inputPerMillion": 3, "outputPerMillion": 15 } }
 *   },
 *   "embeddings": { "provider": "bedrock", "model": "amazon.titan-embed-text-v2:0" }
 * }
 * ```
 *
 * `embeddings` is the knowledge base's embedding model (absent: the local hashing embedder).
 *
 * API keys are not configuration: they live in the `model-api-keys` secret, a JSON object of field →
 * key, and a choice names its field (`apiKeySecretField`).
 */
import * as z from "zod/mini";
import type { $ZodIssue } from "zod/v4/core";
import { ConfigError } from "#shared/platform/config";
import { envNames } from "#shared/platform/declaration/environment";
import { ANTHROPIC_BASE_URL } from "./anthropic-model.ts";
import { RESPONSE_FORMATS } from "./openai-compatible-model.ts";

/** The variable the stage's model configuration travels in (`envNames.agentModels`). */
export const AGENT_MODELS_ENV = envNames.agentModels;
/** The declared secret holding the providers' API keys: `{ "anthropic": "sk-ant-…", … }`. */
export const MODEL_API_KEYS_SECRET = "model-api-keys";
/** The field of `model-api-keys` an Anthropic choice reads unless it names another. */
const DEFAULT_ANTHROPIC_KEY_FIELD = "anthropic";

const nonEmpty = z.string().check(z.minLength(1));
const httpUrl = z.url({ protocol: /^https?$/ });

const Pricing = z.strictObject({
  inputPerMillion: z.number().check(z.nonnegative()),
  outputPerMillion: z.number().check(z.nonnegative()),
});

/** What every choice may tune: the retry policy's budget and the price of a token. */
const tuning = {
  /** Longest one attempt may take. @default 120_000 */
  timeoutMs: z.optional(z.int().check(z.minimum(1), z.maximum(900_000))),
  /** Attempts in all. @default 3 */
  maxAttempts: z.optional(z.int().check(z.minimum(1), z.maximum(10))),
  /** USD per million tokens; without it a run's cost is recorded as 0. */
  pricing: z.optional(Pricing),
};

export const ModelChoiceSchema = z.discriminatedUnion("provider", [
  z.strictObject({ provider: z.literal("offline"), ...tuning }),
  z.strictObject({
    provider: z.literal("bedrock"),
    /** Model id or inference profile id. */
    model: nonEmpty,
    /** @default the function's own region */
    region: z.optional(nonEmpty),
    ...tuning,
  }),
  z.strictObject({
    provider: z.literal("anthropic"),
    model: nonEmpty,
    baseUrl: z._default(httpUrl, ANTHROPIC_BASE_URL),
    apiKeySecretField: z._default(nonEmpty, DEFAULT_ANTHROPIC_KEY_FIELD),
    ...tuning,
  }),
  z.strictObject({
    provider: z.literal("openai-compatible"),
    model: nonEmpty,
    /** The API root, e.g. `http://localhost:11434/v1`. */
    baseUrl: httpUrl,
    /** Absent → no `Authorization` header (local model servers need none). */
    apiKeySecretField: z.optional(nonEmpty),
    /** @default "json_object" */
    responseFormat: z.optional(z.enum(RESPONSE_FORMATS)),
    ...tuning,
  }),
]);
export type ModelChoice = z.infer<typeof ModelChoiceSchema>;

/** Titan Text Embeddings v2: what a Bedrock embedding choice uses unless it names another model. */
export const DEFAULT_BEDROCK_EMBEDDING_MODEL = "amazon.titan-embed-text-v2:0";

/**
 * The knowledge base's embedding model: the local hashing embedder (no network), or a Bedrock
 * model with Titan v2's request shape. Documents and queries must use the same one: changing it
 * means re-indexing the chunks.
 */
export const EmbeddingChoiceSchema = z.discriminatedUnion("provider", [
  z.strictObject({ provider: z.literal("local") }),
  z.strictObject({
    provider: z.literal("bedrock"),
    model: z._default(nonEmpty, DEFAULT_BEDROCK_EMBEDDING_MODEL),
    /** @default the function's own region */
    region: z.optional(nonEmpty),
  }),
]);
export type EmbeddingChoice = z.infer<typeof EmbeddingChoiceSchema>;

/** An agent role, as the pipeline spells it. */
const role = z.string().check(z.regex(/^[a-z][a-z0-9-]{0,39}$/, "not an agent role (kebab-case)"));

export const ModelConfigSchema = z.strictObject({
  default: ModelChoiceSchema,
  agents: z.optional(z.record(role, ModelChoiceSchema)),
  /** @default { provider: "local" } */
  embeddings: z.optional(EmbeddingChoiceSchema),
});
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

/** What an unset `AGENT_MODELS` means: every agent on the offline drafter. */
export const OFFLINE_EVERYWHERE: ModelConfig = Object.freeze({ default: { provider: "offline" } });

/**
 * Reads the stage's model configuration (`AGENT_MODELS`, from the function's bindings) at cold start.
 * Absent or blank → `OFFLINE_EVERYWHERE`. Anything else must be
 * JSON matching `ModelConfigSchema`, and, when `knownAgents` is given, override only those agents (a
 * misspelt role would otherwise fall back to the default unnoticed). A bad value throws a
 * `ConfigError` naming every problem, so the function fails to start instead of failing each job.
 */
export function loadModelConfig(raw: string | undefined, options: ModelConfigCheckOptions = {}): ModelConfig {
  if (raw === undefined || raw.trim() === "") return OFFLINE_EVERYWHERE;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw invalid(`it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const result = checkModelConfig(json, options);
  if (!result.success) throw invalid(result.problems.join("; "));
  return result.config;
}

export interface ModelConfigCheckOptions {
  /** The agents overrides may name; absent → any kebab-case role. */
  knownAgents?: readonly string[];
}

export type ModelConfigCheck =
  | { success: true; config: ModelConfig }
  | { success: false; problems: string[] };

/**
 * The checks of `loadModelConfig` on a value already parsed from JSON, returning each problem as
 * `path: what is wrong` instead of throwing: the CDK app runs them at synth on a stage's setting.
 */
export function checkModelConfig(value: unknown, options: ModelConfigCheckOptions = {}): ModelConfigCheck {
  const result = ModelConfigSchema.safeParse(value);
  if (!result.success) return { success: false, problems: result.error.issues.flatMap(describeIssue) };
  if (options.knownAgents) {
    const known = new Set(options.knownAgents);
    const unknown = Object.keys(result.data.agents ?? {}).filter((agent) => !known.has(agent));
    if (unknown.length > 0) {
      return {
        success: false,
        problems: [`agents.${unknown.join(", agents.")}: no such agent (known: ${[...known].join(", ")})`],
      };
    }
  }
  return { success: true, config: result.data };
}

/** The model choice of one agent: its override, or the default. */
export function choiceFor(config: ModelConfig, role: string): ModelChoice {
  return config.agents?.[role] ?? config.default;
}

/** The field of `model-api-keys` a choice needs, or `undefined` when it needs no key. */
export function apiKeyField(choice: ModelChoice): string | undefined {
  return choice.provider === "anthropic" || choice.provider === "openai-compatible"
    ? choice.apiKeySecretField
    : undefined;
}

/** Whether any choice of the configuration needs the `model-api-keys` secret. */
export function needsApiKeys(config: ModelConfig): boolean {
  return [config.default, ...Object.values(config.agents ?? {})].some(
    (choice) => apiKeyField(choice) !== undefined,
  );
}

/** One issue as `path: what is wrong` (zod/mini carries no English messages, only the facts). */
function describeIssue(issue: $ZodIssue): string[] {
  const path = issue.path.map(String).join(".");
  const at = (where: string, what: string) => `${where || "(root)"}: ${what}`;
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => at(path ? `${path}.${key}` : key, "unknown field"));
    case "invalid_union":
      return [
        at(
          path,
          "options" in issue && issue.options
            ? `expected one of ${quoted(issue.options)}`
            : "matches no option",
        ),
      ];
    case "invalid_value":
      return [at(path, `expected one of ${quoted(issue.values)}`)];
    case "invalid_type":
      return [at(path, `expected ${issue.expected}`)];
    case "too_small":
      return [
        at(path, `must be at least ${issue.minimum}${issue.origin === "string" ? " character(s)" : ""}`),
      ];
    case "too_big":
      return [at(path, `must be at most ${issue.maximum}`)];
    case "invalid_format":
      return [at(path, issue.message !== "Invalid input" ? issue.message : `not a valid ${issue.format}`)];
    case "invalid_key":
      return issue.issues
        .flatMap((inner) => describeIssue({ ...inner, path: [] } as $ZodIssue))
        .map((what) => at(path, what.replace(/^\(root\): /, "")));
    default:
      return [at(path, issue.message)];
  }
}

function quoted(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(", ");
}

function invalid(problem: string): ConfigError {
  return new ConfigError(
    `Configuration error: environment variable ${AGENT_MODELS_ENV} is invalid: ${problem}`,
  );
}
