import { createHash, randomUUID } from "node:crypto";
import type { AwsCallLog } from "./aws-calls.ts";
import {
  AwsServiceError,
  type RunningServer,
  requiredString,
  startAwsJsonServer,
} from "./aws-json-server.ts";
import { secretsManagerAuthorizations } from "./iam-authorizations.ts";
import type { LocalSecretValue } from "./local-secrets.ts";
import type { Log } from "./log.ts";

export interface LocalSecret {
  /** The secret's name (its id in the functions' environment). */
  id: string;
  description: string;
  value: LocalSecretValue;
}

/** `arn:aws:secretsmanager:…:secret:<name>-AbCdEf`: AWS appends six characters to every secret ARN. */
export function secretArn(region: string, account: string, name: string): string {
  const suffix = createHash("sha256").update(name).digest("base64url").replace(/[-_]/g, "x").slice(0, 6);
  return `arn:aws:secretsmanager:${region}:${account}:secret:${name}-${suffix}`;
}

/**
 * Secrets Manager's `GetSecretValue`, `DescribeSecret` and `PutSecretValue` (JSON 1.1). A secret is
 * found by name or ARN; anything else is the `ResourceNotFoundException` AWS answers. A put makes a
 * new `AWSCURRENT` version (the ops commands rotate keys this way) and is handed to `onPut` to persist.
 */
export async function startSecretsManager(options: {
  port: number;
  region: string;
  account: string;
  secrets: LocalSecret[];
  log: Log;
  onPut?: (secret: LocalSecret) => Promise<void>;
  /** Where each request's IAM authorizations are recorded under its caller. */
  calls?: AwsCallLog;
}): Promise<RunningServer> {
  const find = (input: Record<string, unknown>) => {
    const id = requiredString(input, "SecretId");
    const secret = options.secrets.find(
      (s) => s.id === id || secretArn(options.region, options.account, s.id) === id,
    );
    if (secret === undefined) {
      throw new AwsServiceError(
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret.",
      );
    }
    return { secret, arn: secretArn(options.region, options.account, secret.id) };
  };
  return startAwsJsonServer({
    name: "secrets-manager",
    targetPrefix: "secretsmanager",
    jsonVersion: "1.1",
    port: options.port,
    log: options.log,
    ...(options.calls && {
      record: {
        calls: options.calls,
        // IAM evaluates the secret's full ARN, whether the request names it by name or by ARN.
        authorize: (operation, input) =>
          secretsManagerAuthorizations(operation, input, (id) =>
            id.startsWith("arn:") ? id : secretArn(options.region, options.account, id),
          ),
      },
    }),
    operations: {
      GetSecretValue: (input) => {
        const { secret, arn } = find(input);
        const stage = input.VersionStage;
        const version = input.VersionId;
        if (
          (typeof stage === "string" && stage !== "AWSCURRENT") ||
          (typeof version === "string" && version !== secret.value.versionId)
        ) {
          throw new AwsServiceError(
            "ResourceNotFoundException",
            "Secrets Manager can't find the specified secret value for the requested version or staging label.",
          );
        }
        return {
          ARN: arn,
          Name: secret.id,
          VersionId: secret.value.versionId,
          SecretString: secret.value.value,
          VersionStages: ["AWSCURRENT"],
          CreatedDate: secret.value.createdAt / 1000,
        };
      },
      PutSecretValue: async (input) => {
        const { secret, arn } = find(input);
        const value = requiredString(input, "SecretString");
        if (value.length > 65_536) {
          throw new AwsServiceError(
            "InvalidParameterException",
            "SecretString must be at most 65536 characters.",
          );
        }
        secret.value = { value, versionId: randomUUID(), createdAt: Date.now() };
        await options.onPut?.(secret);
        return {
          ARN: arn,
          Name: secret.id,
          VersionId: secret.value.versionId,
          VersionStages: ["AWSCURRENT"],
        };
      },
      DescribeSecret: (input) => {
        const { secret, arn } = find(input);
        return {
          ARN: arn,
          Name: secret.id,
          Description: secret.description,
          CreatedDate: secret.value.createdAt / 1000,
          LastChangedDate: secret.value.createdAt / 1000,
          VersionIdsToStages: { [secret.value.versionId]: ["AWSCURRENT"] },
        };
      },
    },
  });
}
