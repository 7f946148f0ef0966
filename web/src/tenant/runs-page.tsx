/** The tenant's runs, newest first, by agent and status, a page at a time; running ones show their progress. */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { AGENT_ROLES as ROLES } from "#shared/domain/agents/roster";
import { RUN_STATUSES as STATUSES } from "#shared/domain/agents/run";
import type { QueryOf } from "../api/routes.ts";
import { useApi } from "../app/session-context.tsx";
import { SelectField } from "../ui/controls.tsx";
import { Badge, QueryView } from "../ui/feedback.tsx";
import { formatDateTime, formatDuration, humanize } from "../ui/format.ts";
import { DataTable, PageHeader } from "../ui/layout.tsx";
import { byCursor, LoadMore } from "../ui/load-more.tsx";
import { isFinished, statusTone, stepLabel } from "./live-runs.ts";
import { useLiveRuns } from "./use-live-runs.ts";

type Filter = QueryOf<"GET /api/tenant/v1/runs">;

export function RunsPage() {
  const api = useApi();
  const [filter, setFilter] = useState<Filter>({});
  const runs = useInfiniteQuery({
    queryKey: ["runs", "list", filter],
    queryFn: ({ pageParam }) => api("GET /api/tenant/v1/runs", { query: { ...filter, cursor: pageParam } }),
    ...byCursor,
  });
  const { runs: live } = useLiveRuns();
  const progress = new Map(live.map((run) => [run.runId, run]));

  return (
    <div className="stack">
      <PageHeader
        title="Runs"
        description="Every time an agent was asked to write, newest first."
        actions={
          <Link className="btn btn-primary" to="/app/agents">
            Run an agent
          </Link>
        }
      />
      <div className="row">
        <SelectField
          label="Agent"
          value={filter.role ?? ""}
          onChange={(event) => {
            const role = ROLES.find((r) => r === event.currentTarget.value);
            setFilter(({ role: _, ...rest }) => (role ? { ...rest, role } : rest));
          }}
          options={[
            { value: "", label: "All agents" },
            ...ROLES.map((r) => ({ value: r, label: humanize(r) })),
          ]}
        />
        <SelectField
          label="Status"
          value={filter.status ?? ""}
          onChange={(event) => {
            const status = STATUSES.find((s) => s === event.currentTarget.value);
            setFilter(({ status: _, ...rest }) => (status ? { ...rest, status } : rest));
          }}
          options={[
            { value: "", label: "Any status" },
            ...STATUSES.map((s) => ({ value: s, label: humanize(s) })),
          ]}
        />
      </div>
      <QueryView
        query={runs}
        label="Loading runs"
        isEmpty={(data) => data.pages[0]?.items.length === 0}
        empty={
          <>
            No runs{filter.role || filter.status ? " match these filters" : " yet"}.{" "}
            <Link to="/app/agents">Run an agent</Link>.
          </>
        }
      >
        {(data) => (
          <DataTable
            caption="Runs"
            rows={data.pages.flatMap((page) => page.items)}
            rowKey={(run) => run.runId}
            columns={[
              {
                header: "Agent",
                cell: (run) => (
                  <Link to={`/app/runs/${encodeURIComponent(run.runId)}`}>{humanize(run.role)}</Link>
                ),
              },
              {
                header: "Status",
                cell: (run) => {
                  const now = progress.get(run.runId);
                  // The socket may know the run moved on since this page was read.
                  const status = now && isFinished(now.status) ? now.status : run.status;
                  return (
                    <span className="row">
                      <Badge tone={statusTone(status)}>{humanize(status)}</Badge>
                      {now && !isFinished(now.status) ? (
                        <span className="muted">
                          {stepLabel(now.step)} · {Math.round(now.percent)}%
                        </span>
                      ) : null}
                    </span>
                  );
                },
              },
              { header: "Queued", cell: (run) => formatDateTime(run.timings.queuedAt) },
              {
                header: "Duration",
                cell: (run) =>
                  run.timings.durationMs === undefined ? "—" : formatDuration(run.timings.durationMs / 1000),
              },
              {
                header: "Credits",
                cell: (run) =>
                  run.credits.charged === undefined
                    ? `${run.credits.reserved} reserved`
                    : run.credits.charged,
              },
              {
                header: "Content",
                cell: (run) =>
                  run.contentId ? (
                    <Link to={`/app/content/${encodeURIComponent(run.contentId)}`}>
                      Open
                      <span className="visually-hidden"> the content of this {humanize(run.role)} run</span>
                    </Link>
                  ) : (
                    "—"
                  ),
              },
            ]}
          />
        )}
      </QueryView>
      <LoadMore query={runs} />
    </div>
  );
}
