/**
 * The one rule that turns a declared name into a deployed resource name, e.g. `events-dlq` in stage
 * `prod` of app `leadmetrics` → `leadmetrics-prod-events-dlq`. The CDK app and the local cloud both use
 * it, so a queue, table, bus or secret has the same name wherever the platform runs.
 */
export function resourceName(app: string, stage: string, name: string): string {
  return `${app}-${stage}-${name}`;
}

/** The dead-letter queue that belongs to a declared queue: `<queue>-dlq`. */
export function deadLetterQueueName(queue: string): string {
  return `${queue}-dlq`;
}

/** Secrets use `/` so IAM and the console group them by app and stage: `<app>/<stage>/<name>`. */
export function secretName(app: string, stage: string, name: string): string {
  return `${app}/${stage}/${name}`;
}

/** The declared queue that receives events a rule or schedule target could not take. */
export const EVENTS_DLQ = "events-dlq";

/**
 * The WebSocket API's stage, named after the declared path (`/ws` → `ws`): CloudFront sends `/ws` to
 * the API as it is, and `wss://{api}/ws` is that stage. The CDK app and the local cloud both use it, so
 * the `@connections` ARNs (`…/{api}/ws/POST/@connections/*`) are the same wherever the platform runs.
 */
export function realtimeStageName(path: string): string {
  const match = /^\/([A-Za-z0-9_-]{1,128})$/.exec(path);
  if (!match?.[1]) throw new Error(`The realtime path must be one segment, like "/ws"; got "${path}".`);
  return match[1];
}
