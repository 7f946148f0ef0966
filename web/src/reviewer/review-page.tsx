/**
 * The review screen: the item beside the brief of the run that wrote it and the brand profile version
 * its prompt used, the pre-review findings, what changed between versions, the thread with the
 * tenant, and the decision. A revision asked for arrives live: the realtime provider refreshes every
 * "content" query on a status change, and this page names the wait while the agent writes.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { useRealtime } from "../app/realtime-context.tsx";
import { useApi, useUser } from "../app/session-context.tsx";
import { CommentsThread } from "../content/comments-thread.tsx";
import { ContentBody } from "../content/content-body.tsx";
import { ContentNotFound } from "../content/content-not-found.tsx";
import { isNotFound } from "../content/errors.ts";
import { typeLabel } from "../content/status.ts";
import { StatusBadge } from "../content/status-badge.tsx";
import { VersionDiff } from "../content/version-diff.tsx";
import { VersionHistory, VersionPanel } from "../content/version-panel.tsx";
import { ProfileView } from "../tenant/brand-view.tsx";
import { Alert, QueryView } from "../ui/feedback.tsx";
import { formatDateTime, humanize } from "../ui/format.ts";
import { Card, PageHeader } from "../ui/layout.tsx";
import { ReviewActions } from "./review-actions.tsx";

/** The brand profile and voice the latest version was written with, as the tenant accepted it then. */
function BrandUsed({ tenantId, version }: { tenantId: string; version: number }) {
  const api = useApi();
  const brand = useQuery({
    queryKey: ["brand", "review", tenantId, version],
    queryFn: () =>
      api("GET /api/dm/v1/tenants/{tenantId}/brand/versions/{version}", { params: { tenantId, version } }),
  });
  return (
    <div className="stack">
      <p className="muted">
        The latest version was written with the tenant's brand profile version {version}.
      </p>
      <QueryView query={brand} label={`Loading brand profile version ${version}`}>
        {(found) => <ProfileView profile={found.profile} />}
      </QueryView>
    </div>
  );
}

export function ReviewPage() {
  const { tenantId = "", contentId = "" } = useParams();
  const api = useApi();
  const user = useUser();
  const queryClient = useQueryClient();
  const params = { tenantId, contentId };
  const queryKey = ["content", "review", tenantId, contentId] as const;
  const query = useQuery({
    queryKey,
    queryFn: () => api("GET /api/dm/v1/tenants/{tenantId}/content/{contentId}", { params }),
    retry: (count, error) => !isNotFound(error) && count < 2,
  });
  useRealtime((message) => {
    if (message.type === "content.status-changed" && message.contentId === contentId) {
      void queryClient.invalidateQueries({ queryKey });
    }
  });
  if (query.isError && isNotFound(query.error)) {
    return <ContentNotFound back="/review" backLabel="Back to the review queue" />;
  }
  return (
    <QueryView query={query} label="Loading the item to review">
      {(item) => (
        <div className="stack">
          <PageHeader
            title={item.title}
            description={
              <span className="row">
                <StatusBadge status={item.status} />
                <span>
                  {typeLabel(item.type)} · {item.tenantName ?? `tenant ${item.tenantId}`} · version{" "}
                  {item.latestVersion}
                  {item.waitingSince ? ` · waiting since ${formatDateTime(item.waitingSince)}` : ""}
                </span>
              </span>
            }
            actions={<Link to="/review">Back to the queue</Link>}
          />
          {item.status === "generating" || item.status === "changes_requested" ? (
            <Alert tone="info">
              {item.status === "generating"
                ? "The agent is writing a revision from the feedback; it appears here as soon as it is ready."
                : "Changes were requested; the agent's revision starts shortly."}
            </Alert>
          ) : null}
          <div className="split">
            <div className="stack">
              <Card title="Content">
                <VersionPanel item={item} />
              </Card>
              <Card title="What changed">
                <VersionDiff
                  latest={item.latestVersion}
                  queryKey={queryKey}
                  load={(from, to) =>
                    api("GET /api/dm/v1/tenants/{tenantId}/content/{contentId}/diff", {
                      params,
                      query: { from, to },
                    })
                  }
                />
              </Card>
            </div>
            <div className="stack">
              <Card title="Decision">
                <ReviewActions item={item} />
              </Card>
              <Card title="Brief">
                {item.brief === undefined ? (
                  <p className="muted">The brief of the run that wrote this is no longer available.</p>
                ) : (
                  <div className="stack">
                    <p className="muted">What the tenant asked the {humanize(item.role)} agent for.</p>
                    <ContentBody body={item.brief} />
                  </div>
                )}
              </Card>
              <Card title="Brand profile">
                {item.brandVersion === undefined ? (
                  <p className="muted">
                    The latest version was not written with a brand profile (none was accepted yet, or a
                    person wrote it).
                  </p>
                ) : (
                  <BrandUsed tenantId={item.tenantId} version={item.brandVersion} />
                )}
              </Card>
              <Card title="Comments">
                <CommentsThread
                  comments={item.comments}
                  userId={user.id}
                  post={(body) =>
                    api("POST /api/dm/v1/tenants/{tenantId}/content/{contentId}/comments", {
                      params,
                      body: { body },
                    })
                  }
                  onPosted={() => void queryClient.invalidateQueries({ queryKey })}
                />
              </Card>
              <Card title="History">
                <VersionHistory item={item} />
              </Card>
            </div>
          </div>
        </div>
      )}
    </QueryView>
  );
}
