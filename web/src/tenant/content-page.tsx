/**
 * One content item as its tenant sees it: the latest version (or any other), what changed between
 * versions, the pre-review findings, the thread with the reviewers, where it stands and what the
 * tenant may do next. Another tenant's item (or none) is "not found", as the API answers.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { useApi, useUser } from "../app/session-context.tsx";
import { CommentsThread } from "../content/comments-thread.tsx";
import { ContentNotFound } from "../content/content-not-found.tsx";
import { isNotFound } from "../content/errors.ts";
import { statusMeaning, typeLabel } from "../content/status.ts";
import { StatusBadge } from "../content/status-badge.tsx";
import { VersionDiff } from "../content/version-diff.tsx";
import { VersionHistory, VersionPanel } from "../content/version-panel.tsx";
import { knowledgePath } from "../knowledge/paths.ts";
import { QueryView } from "../ui/feedback.tsx";
import { formatDateTime, humanize } from "../ui/format.ts";
import { Card, Facts, PageHeader } from "../ui/layout.tsx";
import { ContentActions } from "./content-actions.tsx";

export function ContentPage() {
  const { contentId = "" } = useParams();
  const api = useApi();
  const user = useUser();
  const queryClient = useQueryClient();
  const queryKey = ["content", "item", contentId] as const;
  const query = useQuery({
    queryKey,
    queryFn: () => api("GET /api/tenant/v1/content/{contentId}", { params: { contentId } }),
    retry: (count, error) => !isNotFound(error) && count < 2,
  });
  if (query.isError && isNotFound(query.error)) {
    return <ContentNotFound back="/app/content" backLabel="Back to the content library" />;
  }
  return (
    <QueryView query={query} label="Loading the content">
      {(item) => (
        <div className="stack">
          <PageHeader
            title={item.title}
            description={
              <span className="row">
                <StatusBadge status={item.status} />
                <span>
                  {typeLabel(item.type)} · version {item.latestVersion} · created{" "}
                  {formatDateTime(item.createdAt)}
                </span>
              </span>
            }
            actions={<Link to="/app/content">All content</Link>}
          />
          <div className="split">
            <div className="stack">
              <Card title="Content">
                <VersionPanel item={item} documentLink={knowledgePath} />
              </Card>
              <Card title="What changed">
                <VersionDiff
                  latest={item.latestVersion}
                  queryKey={queryKey}
                  load={(from, to) =>
                    api("GET /api/tenant/v1/content/{contentId}/diff", {
                      params: { contentId },
                      query: { from, to },
                    })
                  }
                />
              </Card>
            </div>
            <div className="stack">
              <Card title="Status">
                <div className="stack">
                  <p>{statusMeaning(item.status)}</p>
                  <Facts
                    items={[
                      ["Status", <StatusBadge key="s" status={item.status} />],
                      ["Type", typeLabel(item.type)],
                      [
                        "Written by",
                        <Link key="r" to={`/app/runs/${item.runId}`}>{`${humanize(item.role)} run`}</Link>,
                      ],
                      ["Revisions", String(item.revisions)],
                      ["Waiting since", formatDateTime(item.waitingSince)],
                      ["Scheduled for", formatDateTime(item.scheduledFor)],
                      ["Last change", formatDateTime(item.updatedAt)],
                    ]}
                  />
                  {item.feedback ? (
                    <p>
                      <strong>Latest feedback</strong> (on version {item.feedback.version}):{" "}
                      <span className="prewrap">{item.feedback.text}</span>
                    </p>
                  ) : null}
                </div>
              </Card>
              <Card title="Actions">
                <ContentActions item={item} isAdmin={user.role === "admin"} />
              </Card>
              <Card title="Comments">
                <CommentsThread
                  comments={item.comments}
                  userId={user.id}
                  post={(body) =>
                    api("POST /api/tenant/v1/content/{contentId}/comments", {
                      params: { contentId },
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
