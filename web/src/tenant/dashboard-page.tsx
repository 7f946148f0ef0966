/**
 * The tenant's home: credits, the agents running now (their bars move as the socket reports
 * progress), what waits for the tenant's decision, recent notifications, and for a new tenant the
 * first steps (fill in the brand profile, run an agent).
 */
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useApi } from "../app/session-context.tsx";
import { notificationLink } from "../notifications/notification-scope.ts";
import { Badge, QueryView } from "../ui/feedback.tsx";
import { formatCredits, formatDateTime } from "../ui/format.ts";
import { Card, PageHeader } from "../ui/layout.tsx";
import { LiveProgress } from "./live-progress.tsx";
import { isFinished } from "./live-runs.ts";
import { useLiveRuns } from "./use-live-runs.ts";

const PREVIEW = 5;

export function DashboardPage() {
  return (
    <div className="stack">
      <PageHeader title="Dashboard" description="What your agents are doing and what needs you." />
      <FirstSteps />
      <div className="grid">
        <CreditsCard />
        <WaitingCard />
      </div>
      <LiveCard />
      <NotificationsCard />
    </div>
  );
}

/** Shown until the tenant has a brand profile and has run an agent. */
function FirstSteps() {
  const api = useApi();
  const brand = useQuery({ queryKey: ["brand"], queryFn: () => api("GET /api/tenant/v1/brand") });
  const runs = useQuery({
    queryKey: ["runs", { limit: 1 }],
    queryFn: () => api("GET /api/tenant/v1/runs", { query: { limit: 1 } }),
  });
  if (!brand.data || !runs.data) return null;
  const hasBrand = brand.data.current !== null;
  const hasRun = runs.data.items.length > 0;
  if (hasBrand && hasRun) return null;
  return (
    <Card title="Get started">
      <ol className="steps">
        <li>
          {hasBrand ? (
            <>
              <Badge tone="success">Done</Badge> Your brand profile is filled in.
            </>
          ) : brand.data.proposal ? (
            <>
              <Link to="/app/brand">Review the proposed brand profile</Link>: accept it so every agent writes
              in your voice.
            </>
          ) : (
            <>
              <Link to="/app/brand">Fill in your brand profile</Link>: who you are, who you sell to and how
              you sound. Every agent writes from it.
            </>
          )}
        </li>
        <li>
          {hasRun ? (
            <>
              <Badge tone="success">Done</Badge> You have run an agent.
            </>
          ) : (
            <>
              <Link to="/app/agents">Run your first agent</Link>, for example the blog writer: give it a topic
              and watch it write.
            </>
          )}
        </li>
      </ol>
    </Card>
  );
}

function CreditsCard() {
  const api = useApi();
  const credits = useQuery({
    queryKey: ["credits", { limit: 1 }],
    queryFn: () => api("GET /api/tenant/v1/credits", { query: { limit: 1 } }),
  });
  return (
    <Card title="Credits" actions={<Link to="/app/credits">Ledger</Link>}>
      <QueryView query={credits} label="Loading credits">
        {(data) => (
          <div className="stack-tight">
            <span className="stat" data-testid="credit-balance">
              {data.balance.toLocaleString()}
            </span>
            <span className="muted">
              credits available
              {data.reserved > 0 ? `, ${formatCredits(data.reserved)} reserved by running agents` : ""}
            </span>
          </div>
        )}
      </QueryView>
    </Card>
  );
}

function WaitingCard() {
  const api = useApi();
  const waiting = useQuery({
    queryKey: ["content", { status: "in_tenant_review", limit: PREVIEW }],
    queryFn: () =>
      api("GET /api/tenant/v1/content", { query: { status: "in_tenant_review", limit: PREVIEW } }),
  });
  return (
    <Card title="Waiting for you">
      <QueryView
        query={waiting}
        label="Loading what waits for you"
        isEmpty={(data) => data.items.length === 0}
        empty="Nothing waits for your approval."
      >
        {(data) => (
          <ul className="list" aria-label="Content waiting for your approval">
            {data.items.map((item) => (
              <li key={item.contentId} className="list-item">
                <Link to={`/app/content/${encodeURIComponent(item.contentId)}`}>{item.title}</Link>
                <span className="muted">
                  {item.waitingSince ? `waiting since ${formatDateTime(item.waitingSince)}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </Card>
  );
}

function LiveCard() {
  const { query, runs } = useLiveRuns();
  const running = runs.filter((run) => !isFinished(run.status));
  const finished = runs.filter((run) => isFinished(run.status));
  return (
    <Card title="Agents at work" actions={<Link to="/app/runs">All runs</Link>}>
      <QueryView query={query} label="Loading agent progress">
        {() => (
          <div className="stack">
            {running.length === 0 ? (
              <p className="muted">
                No agent is running now. <Link to="/app/agents">Run an agent</Link>.
              </p>
            ) : (
              <ul className="list" aria-label="Running now">
                {running.map((run) => (
                  <li key={run.runId} className="list-item list-item-block">
                    <LiveProgress run={run} />
                  </li>
                ))}
              </ul>
            )}
            {finished.length > 0 ? (
              <>
                <h3>Finished in the last 30 minutes</h3>
                <ul className="list" aria-label="Finished recently">
                  {finished.map((run) => (
                    <li key={run.runId} className="list-item list-item-block">
                      <LiveProgress run={run} />
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>
        )}
      </QueryView>
    </Card>
  );
}

function NotificationsCard() {
  const api = useApi();
  const notifications = useQuery({
    queryKey: ["notifications", "tenant", { limit: PREVIEW }],
    queryFn: () => api("GET /api/tenant/v1/notifications", { query: { limit: PREVIEW } }),
  });
  return (
    <Card title="Recent notifications" actions={<Link to="/app/notifications">All notifications</Link>}>
      <QueryView
        query={notifications}
        label="Loading notifications"
        isEmpty={(data) => data.items.length === 0}
        empty="No notifications yet."
      >
        {(data) => (
          <ul className="list" aria-label="Recent notifications">
            {data.items.map((item) => {
              const link = notificationLink("tenant", item);
              return (
                <li key={item.id} className={item.readAt ? "list-item" : "list-item list-item-unread"}>
                  <span className="stack-tight">
                    {link ? <Link to={link}>{item.title}</Link> : <strong>{item.title}</strong>}
                    <span className="muted">{item.summary}</span>
                  </span>
                  <span className="muted">{formatDateTime(item.createdAt)}</span>
                </li>
              );
            })}
          </ul>
        )}
      </QueryView>
    </Card>
  );
}
