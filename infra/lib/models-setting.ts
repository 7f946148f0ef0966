import { z } from "zod";
import {
  checkModelConfig,
  type EmbeddingChoice,
  MODEL_API_KEYS_SECRET,
  type ModelChoice,
  type ModelConfig,
  OFFLINE_EVERYWHERE,
} from "#shared/adapters/llm/model-config";
import { AGENT_ROLES } from "#shared/domain/agents/catalog";
import { bedrockTarget } from "./constructs/model-grants.ts";

/** Field names that would carry a key or a password. */
const CREDENTIAL_FIELD =
  /api[-_]?key|secret|passw|credential|^token$|access[-_]?token|^authorization$|^headers$/i;
/** The one such field a choice has: it names a field of the secret, it holds no key. */
const KEY_FIELD_REFERENCE = "apiKeySecretField";
/** Longer than any field name one would choose, shorter than any provider's key. */
const MAX_KEY_FIELD_LENGTH = 64;
/** How OpenAI, Anthropic and AWS access keys begin. */
const KEY_LIKE_VALUE = /^(sk-|sk_|AKIA|ASIA)/;
const CREDENTIAL_PARAMETER = /key|token|secret|sig/i;

/**
 * What `AGENT_MODELS` may take of a function's environment: Lambda allows 4 KB for all its variables,
 * and a consumer's others (resource names, ARNs, Powertools settings) take about 1 KB.
 */
export const MAX_AGENT_MODELS_BYTES = 2048;

const keysBelongInTheSecret = `API keys belong in the ${MODEL_API_KEYS_SECRET} secret: store the key there and name its field with ${KEY_FIELD_REFERENCE}`;

/**
 * A stage's `models` setting in cdk.json: what `AGENT_MODELS` holds in every function with the
 * `models` binding, and what their `bedrock:InvokeModel` grants are derived from. It must pass the
 * runtime's own checks (`checkModelConfig`, with the catalog's agents), hold no credential (the
 * template and the functions' environment are no place for one), and name only Bedrock models a
 * grant can name. Absent → every agent offline.
 */
export const modelsSetting = z
  .unknown()
  .optional()
  .transform((value, context): ModelConfig => {
    if (value === undefined) return OFFLINE_EVERYWHERE;
    const credentials = credentialProblems(value);
    // The schema rejects a key-like field too, as an unknown one: say the more useful thing, once.
    const flagged = new Set(credentials.map(pathOf));
    const checked = checkModelConfig(value, { knownAgents: AGENT_ROLES });
    const problems = [
      ...credentials,
      ...(checked.success
        ? [...ungrantableBedrockModels(checked.config), ...oversized(checked.config)]
        : checked.problems.filter((problem) => !flagged.has(pathOf(problem)))),
    ];
    for (const message of problems) context.addIssue({ code: "custom", message });
    return checked.success ? checked.config : OFFLINE_EVERYWHERE;
  });

/** A configuration too large for a Lambda environment, which would fail only at deploy. */
function oversized(config: ModelConfig): string[] {
  const bytes = Buffer.byteLength(JSON.stringify(config));
  return bytes > MAX_AGENT_MODELS_BYTES
    ? [
        `(root): ${bytes} bytes as AGENT_MODELS, over the ${MAX_AGENT_MODELS_BYTES} a function's environment can spare (Lambda allows 4 KB for all its variables); let agents share the default choice`,
      ]
    : [];
}

/** Each choice of a configuration (checked or not yet) by its path: `default`, `agents.<role>`. */
function choicesByPath<T>(config: { default?: T; agents?: Record<string, T> }): [string, T][] {
  return [
    ...(config.default === undefined ? [] : [["default", config.default] as [string, T]]),
    ...Object.entries(config.agents ?? {}).map(([role, choice]): [string, T] => [`agents.${role}`, choice]),
  ];
}

/**
 * What would put a credential into the template: a key-like field, an `apiKeySecretField` that holds
 * a key rather than a field name, a `baseUrl` with credentials in it.
 */
function credentialProblems(value: unknown): string[] {
  if (typeof value !== "object" || value === null) return [];
  const config = value as { default?: unknown; agents?: unknown };
  const agents =
    typeof config.agents === "object" && config.agents !== null
      ? (config.agents as Record<string, unknown>)
      : {};
  return choicesByPath({ default: config.default, agents }).flatMap(([path, choice]) =>
    fieldProblems(choice, path),
  );
}

function fieldProblems(value: unknown, path: string): string[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([field, inner]): string[] => {
    const at = `${path}.${field}`;
    if (field === KEY_FIELD_REFERENCE) {
      const holdsKey =
        typeof inner === "string" && (inner.length > MAX_KEY_FIELD_LENGTH || KEY_LIKE_VALUE.test(inner));
      return holdsKey
        ? [
            `${at}: looks like a key, not the name of a field of ${MODEL_API_KEYS_SECRET}; ${keysBelongInTheSecret}`,
          ]
        : [];
    }
    if (CREDENTIAL_FIELD.test(field)) return [`${at}: ${keysBelongInTheSecret}`];
    if (field === "baseUrl" && typeof inner === "string" && URL.canParse(inner)) {
      const url = new URL(inner);
      const keyParameter = [...url.searchParams.keys()].some((name) => CREDENTIAL_PARAMETER.test(name));
      return url.username || url.password || keyParameter
        ? [`${at}: carries credentials; ${keysBelongInTheSecret}`]
        : [];
    }
    return fieldProblems(inner, at);
  });
}

/** Bedrock models whose resources a grant cannot name (see `bedrockTarget`). */
function ungrantableBedrockModels(config: ModelConfig): string[] {
  const choices: [string, ModelChoice | EmbeddingChoice][] = [
    ...choicesByPath<ModelChoice>(config),
    ...(config.embeddings ? [["embeddings", config.embeddings] as [string, EmbeddingChoice]] : []),
  ];
  return choices.flatMap(([path, choice]) =>
    choice.provider === "bedrock" && !bedrockTarget(choice.model)
      ? [
          `${path}.model: "${choice.model}" is neither a foundation model nor a cross-Region inference profile (id or ARN), so no grant can name the models it invokes`,
        ]
      : [],
  );
}

/** `default.apiKey` of `default.apiKey: what is wrong`. */
function pathOf(problem: string): string {
  return problem.slice(0, problem.indexOf(": "));
}
