/**
 * The flow every secret rotation of the ops commands shares: read the secret's current value, refuse
 * to rotate again before the last rotation's value may be dropped (unless forced), compute the next
 * value, and write it as a new version, after any secret that must know of it first.
 */
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";

/** A rotation asked for before the value it would drop may safely go. */
export class RotationTooSoonError extends Error {
  /**
   * @param waitMs how long until a rotation is safe
   * @param why what a rotation now would break, and what to do meanwhile
   */
  constructor(
    readonly waitMs: number,
    why: string,
  ) {
    super(`${why}; rotate again in ${Math.ceil(waitMs / 60_000)} min, or pass --force`);
    this.name = "RotationTooSoonError";
  }
}

/**
 * Throws `RotationTooSoonError` when the last rotation (`lastRotatedAt`, an ISO time; none: never
 * rotated) is less than `minIntervalMs` before `now`, unless `force`.
 */
export function assertRotationDue(
  lastRotatedAt: string | undefined,
  options: { now: Date; force?: boolean; minIntervalMs: number; why: string },
): void {
  if (lastRotatedAt === undefined || options.force) return;
  const age = options.now.getTime() - Date.parse(lastRotatedAt);
  if (age < options.minIntervalMs) throw new RotationTooSoonError(options.minIntervalMs - age, options.why);
}

/** What one rotation writes: the secret's next value, and writes that must land before it. */
export interface Rotation {
  /** The secret's next value (written as JSON). */
  next: unknown;
  /** Secrets written (as JSON) before the rotated one, in order: what must know the next value first. */
  before?: readonly { secretId: string; value: unknown }[];
}

/**
 * Rotates `secretId`: reads its current value (the `SecretString`, as stored), lets `rotate` decide the
 * next one, writes `before`, then the next value; answers the rotation and the new version's id. A
 * secret that does not exist is a clear error: the Data stack of the stage creates it.
 */
export async function rotateSecret<R extends Rotation>(
  client: SecretsManagerClient,
  secretId: string,
  rotate: (stored: string | undefined) => R,
): Promise<R & { versionId: string }> {
  let stored: string | undefined;
  try {
    stored = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    throw new Error(`Secret ${secretId} does not exist: deploy the Data stack of this stage first`, {
      cause: error,
    });
  }
  const rotation = rotate(stored);
  for (const { secretId: first, value } of rotation.before ?? []) {
    await client.send(new PutSecretValueCommand({ SecretId: first, SecretString: JSON.stringify(value) }));
  }
  const put = await client.send(
    new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(rotation.next) }),
  );
  if (!put.VersionId) throw new Error(`Secrets Manager answered no VersionId for ${secretId}`);
  return { ...rotation, versionId: put.VersionId };
}
