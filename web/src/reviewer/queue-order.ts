/** The review queue as a reviewer reads it: the longest waiting first, and what is past its service level. */

/** How long an item may wait for review before it is flagged: 2 hours. */
export const REVIEW_SLA_SECONDS = 2 * 60 * 60;

export interface Waiting {
  waitingSince: string;
  waitingSeconds: number;
}

/** A page of the queue as the API answered it, and when (the client's clock). */
export interface AnsweredPage<T> {
  items: readonly T[];
  answeredAt: number;
}

/**
 * The pages loaded so far as one list, in the API's order (the longest waiting first), each item with
 * the time its own page was answered, which its waiting time counts from. An item that left the queue
 * and came back between two page loads (a new version, waiting since later) is listed once, as the
 * later page has it.
 */
export function queueRows<T extends { tenantId: string; contentId: string }>(
  pages: readonly AnsweredPage<T>[],
): (T & { answeredAt: number })[] {
  const rows = pages.flatMap(({ items, answeredAt }) => items.map((item) => ({ ...item, answeredAt })));
  const keyOf = (row: T) => `${row.tenantId}/${row.contentId}`;
  const lastAt = new Map(rows.map((row, index) => [keyOf(row), index]));
  return rows.filter((row, index) => lastAt.get(keyOf(row)) === index);
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
