/**
 * Construct-level naming. Physical names (`resourceName`, `secretName`, `deadLetterQueueName`) come
 * from `#shared/platform/declaration/naming`, which the local cloud uses too.
 */

/** `signing-keys` → `SigningKeys`: construct ids from declared kebab-case names. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}
