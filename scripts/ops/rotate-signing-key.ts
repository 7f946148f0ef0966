import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { publicJwks, type SigningKeySet, signingKeySet } from "#shared/adapters/signing-keys";
import { generateSigningKey } from "#shared/adapters/signing-keys-generate";

/**
 * How long the previous key must stay in the set: the longest an access token lives (15 min) plus the
 * authorizer's JWKS refresh (5 min), rounded up. Rotating again sooner would retire a key that
 * still-valid tokens were signed with.
 */
export const ROTATION_OVERLAP_MS = 30 * 60_000;

export class RotationTooSoonError extends Error {
  constructor(readonly waitMs: number) {
    super(
      `The current key is younger than the overlap; rotate again in ${Math.ceil(waitMs / 60_000)} min, or pass --force`,
    );
    this.name = "RotationTooSoonError";
  }
}

/**
 * The key set after one rotation: a new current key, the old current key kept as previous, every
 * older key retired. With no valid set yet (a freshly deployed placeholder), the set starts anew.
 */
export function rotateKeySet(
  current: SigningKeySet | undefined,
  options: { now: Date; force?: boolean },
): { next: SigningKeySet; retired: string[] } {
  const newest = current?.keys[0];
  if (newest?.createdAt && !options.force) {
    const age = options.now.getTime() - Date.parse(newest.createdAt);
    if (age < ROTATION_OVERLAP_MS) throw new RotationTooSoonError(ROTATION_OVERLAP_MS - age);
  }
  const fresh = generateSigningKey(options.now);
  const keep = newest ? [newest] : [];
  const retired = (current?.keys ?? []).slice(1).map((k) => k.kid);
  return { next: { keys: [fresh, ...keep] }, retired };
}

/**
 * Reads the signing keys (tolerating a placeholder value), rotates, and writes the new versions:
 * the public verification keys first, then the private signing keys, so no token is ever signed with
 * a key that verifiers cannot know.
 */
export async function rotateSigningKey(
  client: SecretsManagerClient,
  secrets: { signingKeys: string; verificationKeys: string },
  options: { now?: Date; force?: boolean; log: (line: string) => void },
): Promise<SigningKeySet> {
  const secretId = secrets.signingKeys;
  let current: SigningKeySet | undefined;
  try {
    const value = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const parsed = signingKeySet.safeParse(safeJson(value.SecretString));
    if (parsed.success) current = parsed.data;
    else options.log(`${secretId} holds no key set yet: starting a new one`);
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    throw new Error(`Secret ${secretId} does not exist: deploy the Data stack of this stage first`, {
      cause: error,
    });
  }
  const { next, retired } = rotateKeySet(current, { now: options.now ?? new Date(), force: options.force });
  await client.send(
    new PutSecretValueCommand({
      SecretId: secrets.verificationKeys,
      SecretString: JSON.stringify(publicJwks(next)),
    }),
  );
  await client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(next) }));
  options.log(
    `new signing key ${next.keys[0]?.kid}; previous ${next.keys[1]?.kid ?? "(none)"}; retired ${retired.join(", ") || "(none)"}`,
  );
  return next;
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return undefined;
  }
}
