import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { newOriginSecret, type OriginSecretValue, originSecretValue } from "#shared/platform/origin-secret";
import { assertRotationDue, rotateSecret } from "./secret-rotation.ts";

/**
 * The least time between two rotations: long enough to deploy the Web stack with the first one's
 * version and for CloudFront to finish deploying it (minutes), with margin. Rotating again while
 * CloudFront still sends the value before would drop it, and the front door would be refused.
 */
export const ORIGIN_ROTATION_MIN_INTERVAL_MS = 60 * 60_000;

/**
 * The origin secret after one rotation: a new `current`, the old `current` kept as `previous` (what
 * CloudFront sends until the Web stack is redeployed), the value before that dropped.
 */
export function rotateOriginValue(
  value: OriginSecretValue,
  options: { now: Date; force?: boolean },
): OriginSecretValue {
  assertRotationDue(value.rotatedAt, {
    ...options,
    minIntervalMs: ORIGIN_ROTATION_MIN_INTERVAL_MS,
    why: "The origin secret was rotated less than an hour ago; CloudFront may still send the value this rotation would drop. Deploy the Web stack with the last rotation's version",
  });
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
  const { versionId } = await rotateSecret(client, secretId, (stored) => ({
    next: rotateOriginValue(originSecretValue.parse(JSON.parse(stored ?? "")), {
      now: options.now ?? new Date(),
      force: options.force,
    }),
  }));
  options.log(
    `new origin secret version ${versionId}; the previous value stays accepted until the next rotation`,
  );
  return { versionId };
}
