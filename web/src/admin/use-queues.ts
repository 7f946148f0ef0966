/** The agent queues' figures, shared by the operations and dead-letter pages, refreshed while shown. */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "../app/session-context.tsx";

/** SQS counts are approximate and move by themselves: re-read every 15 s while a page shows them. */
const REFRESH_MS = 15_000;

export function useQueues() {
  const api = useApi();
  return useQuery({
    // Under "ops", so a redrive's invalidation refreshes these figures with the peek.
    queryKey: ["ops", "queues"],
    queryFn: () => api("GET /api/admin/v1/queues"),
    refetchInterval: REFRESH_MS,
  });
}
