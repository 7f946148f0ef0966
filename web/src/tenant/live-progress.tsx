/** One run followed live: its agent, its step in plain words and a progress bar, or how it ended. */
import { Link } from "react-router";
import { Badge, ProgressBar } from "../ui/feedback.tsx";
import { humanize } from "../ui/format.ts";
import { isFinished, type LiveRun, statusTone, stepLabel } from "./live-runs.ts";

export function LiveProgress({ run, title }: { run: LiveRun; title?: string }) {
  const name = title ?? humanize(run.role);
  const finished = isFinished(run.status);
  return (
    <div className="stack-tight" data-testid="live-run">
      <div className="row row-between">
        <span>
          <strong>{name}</strong>{" "}
          <span className="muted">· {finished ? humanize(run.status) : stepLabel(run.step)}</span>
        </span>
        {finished ? (
          <Badge tone={statusTone(run.status)}>{humanize(run.status)}</Badge>
        ) : (
          <span className="muted">{Math.round(run.percent)}%</span>
        )}
      </div>
      <ProgressBar value={finished ? 100 : run.percent} label={`${name} progress`} />
      {run.reason ? <span className="muted">{run.reason}</span> : null}
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
    </div>
  );
}
