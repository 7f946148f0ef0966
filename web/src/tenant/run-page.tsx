/**
 * One run: its live progress while it runs (the socket moves the bar; its end refetches the run),
 * then its status, timings, model, tokens, credits, why it failed, and the content it wrote.
 */
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, useLocation, useParams } from "react-router";
import type { RunDetail } from "#shared/contracts/agents.routes";
import { ApiError } from "../api/errors.ts";
import { NotFound } from "../app/routes.tsx";
import { useApi } from "../app/session-context.tsx";
import { SourcesList } from "../content/sources-list.tsx";
import { knowledgePath } from "../knowledge/paths.ts";
import { Alert, Badge, QueryView } from "../ui/feedback.tsx";
import { formatCredits, formatDateTime, formatDuration, humanize } from "../ui/format.ts";
import { Card, Facts, PageHeader } from "../ui/layout.tsx";
import { LiveProgress } from "./live-progress.tsx";
import { isFinished, type LiveRun, statusTone } from "./live-runs.ts";
import { labelOf } from "./schema-form.ts";
import { useLiveRuns } from "./use-live-runs.ts";

export function RunPage() {
  const { runId = "" } = useParams();
  const api = useApi();
  const run = useQuery({
    queryKey: ["runs", runId],
    queryFn: () => api("GET /api/tenant/v1/runs/{runId}", { params: { runId } }),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    // The socket moves the bar and its end refetches the run; a slow re-read while the run is under
    // way is the safety net for an event the socket missed (events are delivered at least once, late
    // under load, and never replayed).
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data.status) ? false : 10_000),
  });
  if (run.error instanceof ApiError && (run.error.status === 404 || run.error.status === 400))
    return <NotFound />;
  return (
    <QueryView query={run} label="Loading the run">
      {(detail) => <RunDetailView run={detail} />}
    </QueryView>
  );
}

function RunDetailView({ run }: { run: RunDetail }) {
  const location = useLocation();
  const existing = (location.state as { existing?: unknown } | null)?.existing === true;
  const title = humanize(run.role);
  return (
    <div className="stack">
      <PageHeader
        title={`${title} run`}
        description={`Started ${formatDateTime(run.timings.queuedAt)}`}
        actions={<Link to="/app/runs">All runs</Link>}
      />
      {existing ? (
        <Alert tone="info">
          This agent already has a run for the same request, so no new run was started: here it is.
        </Alert>
      ) : null}
      {run.status === "failed" ? null : <LiveCard run={run} title={title} />}
      {run.failure ? (
        <Alert>
          The run failed ({humanize(run.failure.kind).toLowerCase()}): {run.failure.reason}. Its credits were
          returned.
        </Alert>
      ) : null}
      {run.lastError && run.status === "queued" ? (
        <Alert tone="info">The last attempt failed ({run.lastError}); the run will be tried again.</Alert>
      ) : null}
      {run.content ? (
        <Card title="What it wrote">
          <p>
            <Link to={`/app/content/${encodeURIComponent(run.content.contentId)}`}>
              Open the {humanize(run.content.type).toLowerCase()}
            </Link>{" "}
            <span className="muted">
              (version {run.content.version}, {humanize(run.content.status).toLowerCase()})
            </span>
          </p>
        </Card>
      ) : null}
      {run.sources ? (
        <Card title="Sources">
          <SourcesList sources={run.sources} documentLink={knowledgePath} />
        </Card>
      ) : null}
      <div className="grid">
        <Card title="Details">
          <Facts items={facts(run)} />
        </Card>
        <Card title="What you asked for">
          <InputFacts input={run.input} />
        </Card>
      </div>
    </div>
  );
}

/** The live bar of a run still in progress: the socket's view of it, else what the run itself says. */
function LiveCard({ run, title }: { run: RunDetail; title: string }) {
  const { runs } = useLiveRuns();
  const fromSocket = runs.find((item) => item.runId === run.runId);
  // The run itself is the truth once it has ended; while it runs, the socket knows more.
  const live: LiveRun =
    fromSocket && !isFinished(run.status)
      ? fromSocket
      : {
          runId: run.runId,
          role: run.role,
          status: run.status,
          step: run.status === "queued" ? "queued" : run.status === "succeeded" ? "done" : "claimed",
          percent: run.status === "succeeded" ? 100 : 0,
        };
  return (
    <Card title="Progress">
      <LiveProgress run={live} title={title} links={false} />
    </Card>
  );
}

function facts(run: RunDetail): [string, ReactNode][] {
  const { timings, credits } = run;
  return [
    [
      "Status",
      <Badge key="status" tone={statusTone(run.status)}>
        {humanize(run.status)}
      </Badge>,
    ],
    ["Agent", humanize(run.role)],
    ["Queued", formatDateTime(timings.queuedAt)],
    ["Started", formatDateTime(timings.startedAt)],
    ["Finished", formatDateTime(timings.finishedAt)],
    ["Duration", timings.durationMs === undefined ? "—" : formatDuration(timings.durationMs / 1000)],
    ["Attempts", String(run.attempts)],
    ["Model", run.model ? `${run.model.model} (${run.model.provider})` : "—"],
    [
      "Tokens",
      run.usage
        ? `${run.usage.inputTokens.toLocaleString()} in, ${run.usage.outputTokens.toLocaleString()} out`
        : "—",
    ],
    [
      "Credits",
      credits.charged === undefined
        ? `${formatCredits(credits.reserved)} reserved`
        : `${formatCredits(credits.charged)} charged (of ${credits.reserved} reserved)`,
    ],
    ["Brand version", run.brandVersion === undefined ? "—" : String(run.brandVersion)],
  ];
}

/** The run's input, one fact per field (lists joined, anything structured as JSON). */
function InputFacts({ input }: { input: unknown }) {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return <pre className="input-code">{JSON.stringify(input, null, 2)}</pre>;
  }
  const entries = Object.entries(input);
  if (entries.length === 0) return <p className="muted">Nothing.</p>;
  return (
    <Facts
      items={entries.map(([name, value]): [string, ReactNode] => [
        labelOf(name),
        typeof value === "string" || typeof value === "number" || typeof value === "boolean"
          ? String(value)
          : Array.isArray(value) && value.every((item) => typeof item === "string")
            ? value.join(", ")
            : JSON.stringify(value),
      ])}
    />
  );
}
