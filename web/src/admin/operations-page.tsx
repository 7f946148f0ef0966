/**
 * Operations: every agent's job queue and dead-letter queue, their depths and oldest messages' ages,
 * and the latest redrive, refreshed every few seconds. A queue's row leads to its dead letters.
 */
import { Link } from "react-router";
import { Button } from "../ui/controls.tsx";
import { Alert, Badge, QueryView } from "../ui/feedback.tsx";
import { formatDateTime, humanize } from "../ui/format.ts";
import { Card, DataTable, PageHeader } from "../ui/layout.tsx";
import { describeLastRedrive, formatAge, queueHealth } from "./queue-health.ts";
import { useQueues } from "./use-queues.ts";

export function OperationsPage() {
  const queues = useQueues();
  return (
    <div className="stack">
      <PageHeader
        title="Operations"
        description="Each agent's job queue and dead-letter queue (SQS's approximate counts; ages from CloudWatch)."
        actions={
          <Button small busy={queues.isFetching} onClick={() => void queues.refetch()}>
            Refresh
          </Button>
        }
      />
      <Card title="Agent queues">
        <QueryView
          query={queues}
          label="Reading the queues"
          isEmpty={(data) => data.items.length === 0}
          empty="No agent queues are declared."
        >
          {(data) => (
            <div className="stack">
              {data.warnings.map((warning) => (
                <Alert key={warning.code} tone="info">
                  {warning.message}
                </Alert>
              ))}
              <p className="muted">Read at {formatDateTime(queues.dataUpdatedAt)}.</p>
              <DataTable
                caption="Agent queues"
                rows={data.items}
                rowKey={(queue) => queue.role}
                columns={[
                  {
                    header: "Agent",
                    cell: (queue) => (
                      <Link
                        to={`/admin/operations/${queue.role}`}
                        aria-label={`${humanize(queue.role)} dead letters`}
                      >
                        {humanize(queue.role)}
                      </Link>
                    ),
                  },
                  {
                    header: "Health",
                    cell: (queue) => {
                      const health = queueHealth(queue);
                      return <Badge tone={health.tone}>{health.label}</Badge>;
                    },
                  },
                  { header: "Waiting", cell: (queue) => queue.depth },
                  { header: "In flight", cell: (queue) => queue.inFlight },
                  { header: "Delayed", cell: (queue) => queue.delayed },
                  { header: "Oldest job", cell: (queue) => formatAge(queue.oldestMessageAgeSeconds) },
                  { header: "DLQ depth", cell: (queue) => queue.dlqDepth },
                  {
                    header: "Oldest dead letter",
                    cell: (queue) => formatAge(queue.dlqOldestMessageAgeSeconds),
                  },
                  { header: "Last redrive", cell: (queue) => describeLastRedrive(queue.lastRedrive) },
                ]}
              />
            </div>
          )}
        </QueryView>
      </Card>
    </div>
  );
}
