import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { publicJwks, signingKeySet } from "#shared/adapters/signing-keys";
import { generateSigningKey } from "#shared/adapters/signing-keys-generate";
import type { SecretDeclaration } from "#shared/platform/declaration/types";
import { newOriginSecret } from "#shared/platform/origin-secret";
import type { LocalSecret } from "./secrets-manager.ts";

/** One secret value as the local Secrets Manager serves it. */
export interface LocalSecretValue {
  value: string;
  versionId: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

/**
 * A newly generated value of the kind the declaration names; it never leaves the machine. A derived
 * value (the public keys of a key set) is computed from the value of the secret it names.
 */
export function generateSecretValue(
  kind: SecretDeclaration["localValue"],
  secretValueOf: (secretName: string) => string | undefined,
): string {
  if (typeof kind === "object") {
    const source = secretValueOf(kind.publicKeysOf);
    if (source === undefined) throw new Error(`no local value for secret ${kind.publicKeysOf}`);
    return JSON.stringify(publicJwks(signingKeySet.parse(JSON.parse(source))));
  }
  switch (kind) {
    case "es256-jwk-set":
      return JSON.stringify({ keys: [generateSigningKey()] });
    case "random-256-bit":
      return randomBytes(32).toString("base64");
    case "origin-secret":
      return JSON.stringify(newOriginSecret());
    case "json-object":
      return "{}";
  }
}

/**
 * The local values of the declared secrets, keyed by secret id. With a `file` (dev: `.local/secrets.json`,
 * git-ignored) values are generated on first run and kept, so tokens signed yesterday still verify
 * today; without one they live in memory for this run only.
 */
export async function loadLocalSecrets(
  secrets: readonly { id: string; declaration: SecretDeclaration }[],
  file: string | undefined,
): Promise<Map<string, LocalSecretValue>> {
  const stored: Record<string, LocalSecretValue> =
    file !== undefined && existsSync(file) ? JSON.parse(await readFile(file, "utf8")) : {};
  let changed = false;
  const idOf = new Map(secrets.map((s) => [s.declaration.name, s.id]));
  const secretValueOf = (name: string) => {
    const id = idOf.get(name);
    return id === undefined ? undefined : stored[id]?.value;
  };
  // Key sets and random values first, then what is derived from them.
  const ordered = [...secrets].sort(
    (a, b) =>
      Number(typeof a.declaration.localValue === "object") -
      Number(typeof b.declaration.localValue === "object"),
  );
  for (const { id, declaration } of ordered) {
    if (stored[id] !== undefined) continue;
    stored[id] = {
      value: generateSecretValue(declaration.localValue, secretValueOf),
      versionId: randomUUID(),
      createdAt: Date.now(),
    };
    changed = true;
  }
  if (file !== undefined && changed) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  return new Map(Object.entries(stored));
}

/** Writes one secret's new value into the local secrets file, keeping the others. */
export async function saveLocalSecret(file: string, id: string, value: LocalSecretValue): Promise<void> {
  const stored: Record<string, LocalSecretValue> = existsSync(file)
    ? JSON.parse(await readFile(file, "utf8"))
    : {};
  stored[id] = value;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
}

/**
 * The declared secrets as the local Secrets Manager holds them: each one's value loaded from `file`
 * (or generated and saved there), under the stage's secret id.
 */
export async function localSecretsOf(
  declared: readonly SecretDeclaration[],
  secretId: (name: string) => string,
  file: string | undefined,
): Promise<LocalSecret[]> {
  const values = await loadLocalSecrets(
    declared.map((d) => ({ id: secretId(d.name), declaration: d })),
    file,
  );
  return declared.map((d) => {
    const id = secretId(d.name);
    const value = values.get(id);
    if (value === undefined) throw new Error(`no local value for secret ${id}`);
    return { id, description: d.description, value };
  });
}
