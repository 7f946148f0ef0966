/** One run followed live: its agent, its step in plain words and a progress bar, or how it ended. */
import { Link } from "react-router";
import { Badge, ProgressBar } from "../ui/feedback.tsx";
import { humanize } from "../ui/format.ts";
import { isFinished, type LiveRun, statusTone, stepLabel } from "./live-runs.ts";

export function LiveProgress({
  run,
  title,
  links = true,
}: {
  run: LiveRun;
  title?: string;
  /** Links to the run and its content (not on the run's own page). @default true */
  links?: boolean;
}) {
  const name = title ?? humanize(run.role);
  const finished = isFinished(run.status);
  return (
    <div className="stack-tight" data-testid="live-run">
      <div className="row row-between">
        <span>
          <strong>{name}</strong>
          {finished ? null : <span className="muted"> · {stepLabel(run.step)}</span>}
        </span>
        {finished ? (
          <Badge tone={statusTone(run.status)}>{humanize(run.status)}</Badge>
        ) : (
          <span className="muted">{Math.round(run.percent)}%</span>
        )}
      </div>
      {/* A failure has no bar: a full one would read as success. */}
      {run.status === "failed" ? null : (
        <ProgressBar value={run.status === "succeeded" ? 100 : run.percent} label={`${name} progress`} />
      )}
      {run.reason ? <span className="muted">{run.reason}</span> : null}
      {links ? (
        <div className="row">
          <Link to={`/app/runs/${encodeURIComponent(run.runId)}`}>
            Run details<span className="visually-hidden"> of {name}</span>
          </Link>
          {run.contentId ? (
            <Link to={`/app/content/${encodeURIComponent(run.contentId)}`}>
              Open the content<span className="visually-hidden"> {name} wrote</span>
            </Link>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
