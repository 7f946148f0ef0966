import type { TicketDeps } from "#shared/domain/realtime/tickets";

/** What the realtime routes need; built once per cold start in `handler.ts`. */
export type RealtimeApiDeps = TicketDeps & {
  /** How long an access token lives (the stage's `accessTokenTtlSeconds`): a ticket's connection lives no longer. */
  accessTokenTtlSeconds: number;
};
