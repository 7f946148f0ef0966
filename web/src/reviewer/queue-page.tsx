/**
 * The review queue: what waits for review across the reviewer's assigned tenants (every tenant for a
 * super-admin), the longest waiting first, with what is past its service level flagged. It refreshes
 * itself: the realtime provider invalidates the "queue" query on every content event.
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { useApi, useUser } from "../app/session-context.tsx";
import { Button } from "../ui/controls.tsx";
import { Badge, QueryView } from "../ui/feedback.tsx";
import { formatDateTime, formatDuration, humanize } from "../ui/format.ts";
import { Card, DataTable, PageHeader } from "../ui/layout.tsx";
import { isOverdue, oldestFirst, pageOf, REVIEW_SLA_SECONDS, waitedSeconds } from "./queue-order.ts";

/** The most the queue route answers at once. */
const QUEUE_LIMIT = 100;

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
  const [page, setPage] = useState(0);
  const queue = useQuery({
    queryKey: ["queue", { limit: QUEUE_LIMIT }],
    queryFn: () => api("GET /api/dm/v1/queue", { query: { limit: QUEUE_LIMIT } }),
  });
  const answeredAt = queue.dataUpdatedAt;

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
          isEmpty={(data) => data.items.length === 0}
          empty="Nothing is waiting for review. New items appear here as they arrive."
        >
          {(data) => {
            const sorted = oldestFirst(data.items);
            const shown = pageOf(sorted, page);
            const overdue = sorted.filter((item) => isOverdue(waitedSeconds(item, answeredAt, now))).length;
            return (
              <div className="stack">
                <p className="muted">
                  {sorted.length} waiting
                  {overdue > 0
                    ? `, ${overdue} past the ${formatDuration(REVIEW_SLA_SECONDS)} service level`
                    : ""}
                  {data.items.length >= QUEUE_LIMIT ? ` (the ${QUEUE_LIMIT} longest waiting are shown)` : ""}.
                </p>
                <DataTable
                  caption="Content waiting for review"
                  rows={shown.items}
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
                    { header: "Tenant", cell: (item) => <code>{item.tenantId}</code> },
                    { header: "Type", cell: (item) => humanize(item.contentType) },
                    { header: "Status", cell: () => <Badge tone="info">Waiting for review</Badge> },
                    { header: "Version", cell: (item) => `v${item.version}` },
                    {
                      header: "Waiting",
                      cell: (item) => {
                        const seconds = waitedSeconds(item, answeredAt, now);
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
                {shown.pages > 1 ? (
                  <nav className="row pager" aria-label="Queue pages">
                    <Button small disabled={shown.page === 0} onClick={() => setPage(shown.page - 1)}>
                      Previous page
                    </Button>
                    <span className="muted">
                      Page {shown.page + 1} of {shown.pages}
                    </span>
                    <Button
                      small
                      disabled={shown.page >= shown.pages - 1}
                      onClick={() => setPage(shown.page + 1)}
                    >
                      Next page
                    </Button>
                  </nav>
                ) : null}
              </div>
            );
          }}
        </QueryView>
      </Card>
    </div>
  );
}
