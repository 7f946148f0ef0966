/** The review queue as a reviewer reads it: the longest waiting first, and what is past its service level. */

/** How long an item may wait for review before it is flagged: 2 hours. */
export const REVIEW_SLA_SECONDS = 2 * 60 * 60;

/** Items shown on one page of the queue. */
export const QUEUE_PAGE_SIZE = 20;

export interface Waiting {
  waitingSince: string;
  waitingSeconds: number;
}

/** The longest waiting first; equal waits by the instant they started, so the order never flickers. */
export function oldestFirst<T extends Waiting>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) => b.waitingSeconds - a.waitingSeconds || a.waitingSince.localeCompare(b.waitingSince),
  );
}

/**
 * How long an item has waited by now: the server's count at the time it answered plus the time since,
 * so the figure keeps moving between refreshes.
 */
export function waitedSeconds(item: Waiting, answeredAt: number, now: number): number {
  return item.waitingSeconds + Math.max(0, Math.floor((now - answeredAt) / 1000));
}

/** Past the service level: waiting longer than `slaSeconds`. */
export function isOverdue(seconds: number, slaSeconds = REVIEW_SLA_SECONDS): boolean {
  return seconds > slaSeconds;
}

/** One page (0-based) of a list, and how many pages there are (at least one). */
export function pageOf<T>(items: readonly T[], page: number, size = QUEUE_PAGE_SIZE) {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(current * size, (current + 1) * size), page: current, pages };
}
