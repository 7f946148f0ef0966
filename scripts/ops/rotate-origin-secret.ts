import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { newOriginSecret, type OriginSecretValue, originSecretValue } from "#shared/platform/origin-secret";

/**
 * The least time between two rotations: long enough to deploy the Web stack with the first one's
 * version and for CloudFront to finish deploying it (minutes), with margin. Rotating again while
 * CloudFront still sends the value before would drop it, and the front door would be refused.
 */
export const ORIGIN_ROTATION_MIN_INTERVAL_MS = 60 * 60_000;

export class OriginRotationTooSoonError extends Error {
  constructor(readonly waitMs: number) {
    super(
      `The origin secret was rotated less than an hour ago; CloudFront may still send the value this rotation would drop. Deploy the Web stack with the last rotation's version, then rotate again in ${Math.ceil(waitMs / 60_000)} min, or pass --force`,
    );
    this.name = "OriginRotationTooSoonError";
  }
}

/**
 * The origin secret after one rotation: a new `current`, the old `current` kept as `previous` (what
 * CloudFront sends until the Web stack is redeployed), the value before that dropped.
 */
export function rotateOriginValue(
  value: OriginSecretValue,
  options: { now: Date; force?: boolean },
): OriginSecretValue {
  if (value.rotatedAt !== undefined && !options.force) {
    const age = options.now.getTime() - Date.parse(value.rotatedAt);
    if (age < ORIGIN_ROTATION_MIN_INTERVAL_MS)
      throw new OriginRotationTooSoonError(ORIGIN_ROTATION_MIN_INTERVAL_MS - age);
  }
  return newOriginSecret(value, options.now);
}

/**
 * Rotates the origin secret and returns the new version's id, which the Web stack must be deployed
 * with (`--context originSecretVersion=<id>`): CloudFormation resolves the distribution's dynamic
 * reference again only when its text changes.
 */
export async function rotateOriginSecret(
  client: SecretsManagerClient,
  secretId: string,
  options: { now?: Date; force?: boolean; log: (line: string) => void },
): Promise<{ versionId: string }> {
  let current: OriginSecretValue;
  try {
    const value = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    current = originSecretValue.parse(JSON.parse(value.SecretString ?? ""));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    throw new Error(`Secret ${secretId} does not exist: deploy the Data stack of this stage first`, {
      cause: error,
    });
  }
  const next = rotateOriginValue(current, { now: options.now ?? new Date(), force: options.force });
  const put = await client.send(
    new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(next) }),
  );
  if (!put.VersionId) throw new Error(`Secrets Manager answered no VersionId for ${secretId}`);
  options.log(
    `new origin secret version ${put.VersionId}; the previous value stays accepted until the next rotation`,
  );
  return { versionId: put.VersionId };
}
