/**
 * The review queue: what waits for review across the reviewer's assigned tenants (every tenant for a
 * super-admin), the longest waiting first, a page at a time, with what is past its service level
 * flagged. It refreshes itself: the realtime provider invalidates the "queue" query on every content
 * event, which reloads the pages shown.
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { useApi, useUser } from "../app/session-context.tsx";
import { Button } from "../ui/controls.tsx";
import { Badge, QueryView } from "../ui/feedback.tsx";
import { formatDateTime, formatDuration, humanize } from "../ui/format.ts";
import { Card, DataTable, PageHeader } from "../ui/layout.tsx";
import { byCursor, LoadMore } from "../ui/load-more.tsx";
import { isOverdue, queueRows, REVIEW_SLA_SECONDS, waitedSeconds } from "./queue-order.ts";

/** Items a page of the queue asks for. */
const QUEUE_PAGE = 50;

/** Re-renders every `ms`, so waiting times keep moving between refreshes. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

export function QueuePage() {
  const api = useApi();
  const user = useUser();
  const now = useNow(30_000);
  const queue = useInfiniteQuery({
    queryKey: ["queue", { limit: QUEUE_PAGE }],
    // Each page keeps when it was answered: its waiting times count from then.
    queryFn: async ({ pageParam }) => ({
      ...(await api("GET /api/dm/v1/queue", { query: { limit: QUEUE_PAGE, cursor: pageParam } })),
      answeredAt: Date.now(),
    }),
    ...byCursor,
  });

  return (
    <div className="stack">
      <PageHeader
        title="Review queue"
        description={
          user.role === "super_admin"
            ? "Content waiting for review in every tenant, the longest waiting first."
            : "Content waiting for review in the tenants assigned to you, the longest waiting first."
        }
        actions={
          <Button small busy={queue.isFetching} onClick={() => void queue.refetch()}>
            Refresh
          </Button>
        }
      />
      <Card>
        <QueryView
          query={queue}
          label="Loading the queue"
          isEmpty={(data) => data.pages.every((page) => page.items.length === 0)}
          empty="Nothing is waiting for review. New items appear here as they arrive."
        >
          {(data) => {
            const rows = queueRows(data.pages);
            const overdue = rows.filter((item) =>
              isOverdue(waitedSeconds(item, item.answeredAt, now)),
            ).length;
            return (
              <div className="stack">
                <p className="muted">
                  {queue.hasNextPage ? `The ${rows.length} longest waiting` : `${rows.length} waiting`}
                  {overdue > 0
                    ? `, ${overdue} of them past the ${formatDuration(REVIEW_SLA_SECONDS)} service level`
                    : ""}
                  {queue.hasNextPage ? "; more wait after them." : "."}
                </p>
                <DataTable
                  caption="Content waiting for review"
                  rows={rows}
                  rowKey={(item) => `${item.tenantId}/${item.contentId}`}
                  columns={[
                    {
                      header: "Title",
                      cell: (item) => (
                        <Link to={`/review/tenants/${item.tenantId}/content/${item.contentId}`}>
                          {item.title || "Untitled"}
                        </Link>
                      ),
                    },
                    {
                      header: "Tenant",
                      cell: (item) => item.tenantName ?? <code>{item.tenantId}</code>,
                    },
                    { header: "Type", cell: (item) => humanize(item.contentType) },
                    { header: "Status", cell: () => <Badge tone="info">Waiting for review</Badge> },
                    { header: "Version", cell: (item) => `v${item.version}` },
                    {
                      header: "Waiting",
                      cell: (item) => {
                        const seconds = waitedSeconds(item, item.answeredAt, now);
                        return (
                          <span title={`Since ${formatDateTime(item.waitingSince)}`}>
                            {formatDuration(seconds)}{" "}
                            {isOverdue(seconds) ? <Badge tone="danger">Overdue</Badge> : null}
                          </span>
                        );
                      },
                    },
                  ]}
                />
                <LoadMore query={queue} label="Show more waiting items" />
              </div>
            );
          }}
        </QueryView>
      </Card>
    </div>
  );
}
