/** The review service level: the age of the oldest item waiting for a reviewer, across all tenants. */
import type { ReviewQueue } from "./ports.ts";

/** Whole seconds the oldest waiting item has waited; 0 when nothing waits. */
export async function oldestReviewWaitSeconds(queue: ReviewQueue, now: Date): Promise<number> {
  const {
    items: [oldest],
  } = await queue.oldest("all", { limit: 1 });
  if (!oldest) return 0;
  return Math.max(0, Math.floor((now.getTime() - Date.parse(oldest.waitingSince)) / 1000));
}
