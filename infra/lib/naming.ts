/** Physical names of platform resources: `<app>-<stage>-<name>`, so two stages share an account safely. */
export function resourceName(app: string, stage: string, name: string): string {
  return `${app}-${stage}-${name}`;
}

/** Secrets use `/` so IAM and the console group them by app and stage: `<app>/<stage>/<name>`. */
export function secretName(app: string, stage: string, name: string): string {
  return `${app}/${stage}/${name}`;
}

/** The dead-letter queue the infrastructure creates for a job queue that declares `maxReceiveCount`. */
export function deadLetterQueueNameOf(queue: string): string {
  return `${queue}-dlq`;
}

/** `signing-keys` → `SigningKeys`: construct ids from declared kebab-case names. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** The declared queue that receives events a rule or schedule target could not take. */
export const EVENTS_DLQ = "events-dlq";
