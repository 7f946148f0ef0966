import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { publicJwks, type SigningKeySet, signingKeySet } from "#shared/adapters/signing-keys";
import { generateSigningKey } from "#shared/adapters/signing-keys-generate";
import { assertRotationDue, rotateSecret } from "./secret-rotation.ts";

/**
 * How long the previous key must stay in the set: the longest an access token lives (15 min) plus the
 * authorizer's JWKS refresh (5 min), rounded up. Rotating again sooner would retire a key that
 * still-valid tokens were signed with.
 */
export const ROTATION_OVERLAP_MS = 30 * 60_000;

/**
 * The key set after one rotation: a new current key, the old current key kept as previous, every
 * older key retired. With no valid set yet (a freshly deployed placeholder), the set starts anew.
 */
export function rotateKeySet(
  current: SigningKeySet | undefined,
  options: { now: Date; force?: boolean },
): { next: SigningKeySet; retired: string[] } {
  const newest = current?.keys[0];
  assertRotationDue(newest?.createdAt, {
    ...options,
    minIntervalMs: ROTATION_OVERLAP_MS,
    why: "The current key is younger than the overlap",
  });
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
  const { next, retired } = await rotateSecret(client, secrets.signingKeys, (stored) => {
    const parsed = signingKeySet.safeParse(safeJson(stored));
    if (!parsed.success) options.log(`${secrets.signingKeys} holds no key set yet: starting a new one`);
    const rotation = rotateKeySet(parsed.success ? parsed.data : undefined, {
      now: options.now ?? new Date(),
      force: options.force,
    });
    return {
      ...rotation,
      before: [{ secretId: secrets.verificationKeys, value: publicJwks(rotation.next) }],
    };
  });
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
