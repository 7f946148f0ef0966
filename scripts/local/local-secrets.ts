import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { generateSigningKey } from "#shared/adapters/signing-keys-generate";
import type { SecretDeclaration } from "#shared/platform/declaration/types";

/** One secret value as the local Secrets Manager serves it. */
export interface LocalSecretValue {
  value: string;
  versionId: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** A newly generated value of the kind the declaration names; it never leaves the machine. */
export function generateSecretValue(kind: SecretDeclaration["localValue"]): string {
  switch (kind) {
    case "es256-jwk-set":
      return JSON.stringify({ keys: [generateSigningKey()] });
    case "random-256-bit":
      return randomBytes(32).toString("base64");
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
  for (const { id, declaration } of secrets) {
    if (stored[id] !== undefined) continue;
    stored[id] = {
      value: generateSecretValue(declaration.localValue),
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
