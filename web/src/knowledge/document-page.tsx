/**
 * One knowledge document: its text (Markdown through the safe renderer, plain text as text), where it
 * comes from, and — for the tenant's admins, as the API allows — deleting it after a confirmation.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, describeError } from "../api/errors.ts";
import { NotFound } from "../app/routes.tsx";
import { useApi, useUser } from "../app/session-context.tsx";
import { ConfirmButton } from "../ui/confirm-button.tsx";
import { Alert, QueryView } from "../ui/feedback.tsx";
import { formatDateTime } from "../ui/format.ts";
import { Card, Facts, PageHeader } from "../ui/layout.tsx";
import { Markdown, safeUrl } from "../ui/markdown.tsx";
import { useToast } from "../ui/toasts.tsx";
import { addedBy, formatBytes } from "./document-form.ts";

export function DocumentPage() {
  const { documentId = "" } = useParams();
  const api = useApi();
  const user = useUser();
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const document = useQuery({
    queryKey: ["knowledge", "document", documentId],
    queryFn: () => api("GET /api/tenant/v1/knowledge/{documentId}", { params: { documentId } }),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  const remove = useMutation({
    mutationFn: () => api("DELETE /api/tenant/v1/knowledge/{documentId}", { params: { documentId } }),
    onSuccess: () => {
      toast("Document deleted. Later runs no longer retrieve it.");
      void queryClient.invalidateQueries({ queryKey: ["knowledge"] });
      void navigate("/app/knowledge");
    },
  });
  // A malformed id (400) or another tenant's document (404) is nothing to see here.
  if (document.error instanceof ApiError && (document.error.status === 404 || document.error.status === 400))
    return <NotFound />;
  return (
    <QueryView query={document} label="Loading the document">
      {(doc) => (
        <div className="stack">
          <PageHeader
            title={doc.title}
            description={`${doc.format === "text" ? "Plain text" : "Markdown"} · ${formatBytes(doc.bytes)}`}
            actions={<Link to="/app/knowledge">All documents</Link>}
          />
          <div className="split">
            <Card title="Text">
              {doc.format === "markdown" ? (
                <Markdown source={doc.body} />
              ) : (
                <p className="prewrap">{doc.body}</p>
              )}
            </Card>
            <div className="stack">
              <Card title="Details">
                <Facts
                  items={[
                    ["Added", `${formatDateTime(doc.createdAt)} by ${addedBy(doc.createdBy, user.id)}`],
                    [
                      "Source",
                      doc.sourceUrl && safeUrl(doc.sourceUrl) ? (
                        <a
                          key="s"
                          href={safeUrl(doc.sourceUrl)}
                          rel="noopener noreferrer nofollow"
                          target="_blank"
                        >
                          {doc.sourceUrl}
                        </a>
                      ) : (
                        "—"
                      ),
                    ],
                  ]}
                />
              </Card>
              <Card title="Delete">
                {user.role === "admin" ? (
                  <div className="stack">
                    {remove.error ? <Alert>{describeError(remove.error)}</Alert> : null}
                    <p>Runs already written keep their citations; later runs no longer retrieve it.</p>
                    <ConfirmButton
                      question={`Delete “${doc.title}”?`}
                      confirmLabel="Delete the document"
                      busy={remove.isPending}
                      onConfirm={() => remove.mutate()}
                    >
                      Delete document
                    </ConfirmButton>
                  </div>
                ) : (
                  <p className="muted">Only your team's admins delete documents.</p>
                )}
              </Card>
            </div>
          </div>
        </div>
      )}
    </QueryView>
  );
}
