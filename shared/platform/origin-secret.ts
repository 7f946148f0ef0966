import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import * as z from "zod/mini";

/**
 * The origin secret's value: what CloudFront sends now (`current`) and, after a rotation, what it sent
 * before (`previous`), accepted until the distribution has picked up the new value.
 */
export const originSecretValue = z.object({
  current: z.string().check(z.minLength(32)),
  previous: z.optional(z.string().check(z.minLength(32))),
  /** When `current` was made by a rotation (ISO 8601); absent for the value made at deploy. */
  rotatedAt: z.optional(z.string()),
});
export type OriginSecretValue = z.infer<typeof originSecretValue>;

/** Which of the secret's values a header carries; `undefined` for none (or no header). */
export type OriginMatch = "current" | "previous" | undefined;

/**
 * Compares a request's origin header with the secret's values in constant time: both sides are hashed
 * to 32 bytes first, so neither the length nor the content of the secret leaks through timing, and
 * both values are always compared.
 */
export function matchOrigin(header: string | undefined, secret: OriginSecretValue): OriginMatch {
  const candidate = digest(header ?? "");
  const current = timingSafeEqual(candidate, digest(secret.current));
  const previous = timingSafeEqual(candidate, digest(secret.previous ?? secret.current));
  if (header === undefined || header === "") return undefined;
  if (current) return "current";
  return previous ? "previous" : undefined;
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** A fresh origin secret value: 48 random bytes, base64url (64 characters, valid in a header). */
export function newOriginSecretValue(): string {
  return randomBytes(48).toString("base64url");
}

/** A new origin secret: a fresh `current`, and the old `current` kept as `previous` (a rotation). */
export function newOriginSecret(rotating?: OriginSecretValue, now = new Date()): OriginSecretValue {
  const current = newOriginSecretValue();
  return rotating === undefined
    ? { current }
    : { current, previous: rotating.current, rotatedAt: now.toISOString() };
}
