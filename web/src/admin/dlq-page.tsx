/**
 * One agent's dead letters: a peek at the jobs that failed for good (left in place), with why, and a
 * redrive that moves them all back to the agent's queue, asked first.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { describeError } from "../api/errors.ts";
import { useApi } from "../app/session-context.tsx";
import { ConfirmButton } from "../ui/confirm-button.tsx";
import { Button, SelectField } from "../ui/controls.tsx";
import { Alert, QueryView } from "../ui/feedback.tsx";
import { formatDateTime, formatDuration, humanize } from "../ui/format.ts";
import { Card, DataTable, Facts, PageHeader } from "../ui/layout.tsx";
import { describeLastRedrive, describeRedrive, formatAge, redriveRunning } from "./queue-health.ts";
import { useQueues } from "./use-queues.ts";

const LIMITS = [10, 25, 50] as const;

function Figures({ role }: { role: string }) {
  const queues = useQueues();
  return (
    <QueryView query={queues} label="Reading the queue">
      {(data) => {
        const queue = data.items.find((item) => item.role === role);
        if (!queue) return <Alert>No agent is called “{role}”.</Alert>;
        return (
          <Facts
            items={[
              ["Dead letters", queue.dlqDepth],
              ["Oldest dead letter", formatAge(queue.dlqOldestMessageAgeSeconds)],
              ["Jobs waiting", queue.depth],
              ["Last redrive", describeLastRedrive(queue.lastRedrive)],
              ["Queue", <code key="queue">{queue.queue}</code>],
              ["Dead-letter queue", <code key="dlq">{queue.deadLetterQueue}</code>],
            ]}
          />
        );
      }}
    </QueryView>
  );
}

export function DlqPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { role = "" } = useParams();
  const [limit, setLimit] = useState<number>(LIMITS[0]);
  const queues = useQueues();
  const peek = useQuery({
    queryKey: ["ops", "dlq", role, limit],
    queryFn: () => api("GET /api/admin/v1/queues/{role}/dlq", { params: { role }, query: { limit } }),
  });
  const redrive = useMutation({
    mutationFn: () => api("POST /api/admin/v1/queues/{role}/redrive", { params: { role } }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ["ops"] }),
  });
  const running = queues.data?.items.some((queue) => queue.role === role && redriveRunning(queue)) ?? false;

  return (
    <div className="stack">
      <PageHeader
        title={`${humanize(role)} dead letters`}
        description={<Link to="/admin/operations">All queues</Link>}
        actions={
          <Button
            small
            busy={peek.isFetching || queues.isFetching}
            onClick={() => void queryClient.invalidateQueries({ queryKey: ["ops"] })}
          >
            Refresh
          </Button>
        }
      />
      <Card title="Queue">
        <div className="stack">
          <Figures role={role} />
          <ConfirmButton
            question="Move every dead letter back to the agent's queue? The jobs run again."
            confirmLabel="Confirm redrive"
            busy={redrive.isPending}
            onConfirm={() => redrive.mutate()}
          >
            Redrive all
          </ConfirmButton>
          {running ? (
            <Alert tone="info">A redrive is running; another starts once it has finished.</Alert>
          ) : null}
          {redrive.data ? (
            <Alert tone="success">
              <div className="stack">
                <span>{describeRedrive(redrive.data)}</span>
                <span className="muted">
                  Move task <code>{redrive.data.taskHandle}</code>
                </span>
              </div>
            </Alert>
          ) : null}
          {redrive.error ? <Alert>{describeError(redrive.error)}</Alert> : null}
        </div>
      </Card>
      <Card
        title="Dead letters"
        actions={
          <SelectField
            label="Show"
            value={String(limit)}
            onChange={(event) => setLimit(Number(event.currentTarget.value))}
            options={LIMITS.map((n) => ({ value: String(n), label: `Up to ${n}` }))}
          />
        }
      >
        <QueryView
          query={peek}
          label="Peeking at the dead letters"
          isEmpty={(data) => data.items.length === 0}
          empty="No dead letters: every job of this agent was handled."
        >
          {(data) => (
            <DataTable
              caption={`Dead letters of ${humanize(role)}`}
              rows={data.items}
              rowKey={(item) => item.messageId}
              columns={[
                {
                  header: "Failed because",
                  cell: (item) =>
                    item.reason ??
                    (item.body !== undefined ? (
                      "Not an agent job"
                    ) : (
                      <span className="muted">Not recorded</span>
                    )),
                },
                { header: "Run", cell: (item) => (item.runId ? <code>{item.runId}</code> : "—") },
                { header: "Tenant", cell: (item) => (item.tenantId ? <code>{item.tenantId}</code> : "—") },
                { header: "Receives", cell: (item) => item.receiveCount },
                {
                  header: "Sent",
                  cell: (item) => `${formatDateTime(item.sentAt)} (${formatDuration(item.ageSeconds)} ago)`,
                },
                {
                  header: "Ids",
                  cell: (item) => (
                    <div className="stack">
                      <span>
                        Message <code>{item.messageId}</code>
                      </span>
                      {item.correlationId ? (
                        <span>
                          Correlation <code>{item.correlationId}</code>
                        </span>
                      ) : null}
                      {item.body !== undefined ? <pre className="muted">{item.body}</pre> : null}
                    </div>
                  ),
                },
              ]}
            />
          )}
        </QueryView>
      </Card>
    </div>
  );
}
