/**
 * The tenant's knowledge base: the documents its agents retrieve from and cite (newest first, a page
 * at a time), and a form to add one. Every user of the tenant reads and adds; deleting is on each
 * document's page, for admins.
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useApi, useUser } from "../app/session-context.tsx";
import { QueryView } from "../ui/feedback.tsx";
import { formatDateTime, humanize } from "../ui/format.ts";
import { Card, DataTable, PageHeader } from "../ui/layout.tsx";
import { byCursor, LoadMore } from "../ui/load-more.tsx";
import { AddDocumentForm } from "./add-document-form.tsx";
import { addedBy, formatBytes } from "./document-form.ts";
import { knowledgePath } from "./paths.ts";

export function KnowledgePage() {
  return (
    <div className="stack">
      <PageHeader
        title="Knowledge"
        description="Price lists, product sheets, style guides: what your agents should know about you. Each run retrieves the passages that fit its brief and cites them as [S1], [S2]…"
      />
      <div className="split">
        <DocumentsCard />
        <Card title="Add a document">
          <AddDocumentForm />
        </Card>
      </div>
    </div>
  );
}

function DocumentsCard() {
  const api = useApi();
  const user = useUser();
  const documents = useInfiniteQuery({
    queryKey: ["knowledge", "list"],
    queryFn: ({ pageParam }) => api("GET /api/tenant/v1/knowledge", { query: { cursor: pageParam } }),
    ...byCursor,
  });
  return (
    <Card title="Documents">
      <div className="stack">
        <QueryView
          query={documents}
          label="Loading the knowledge base"
          isEmpty={(data) => data.pages[0]?.items.length === 0}
          empty="No documents yet. Add one: your agents will ground their writing in it."
        >
          {(data) => (
            <DataTable
              caption="Knowledge documents"
              rows={data.pages.flatMap((page) => page.items)}
              rowKey={(row) => row.documentId}
              columns={[
                {
                  header: "Title",
                  cell: (row) => <Link to={knowledgePath(row.documentId)}>{row.title}</Link>,
                },
                {
                  header: "Format",
                  cell: (row) => (row.format === "text" ? "Plain text" : humanize(row.format)),
                },
                { header: "Size", cell: (row) => formatBytes(row.bytes) },
                {
                  header: "Added",
                  cell: (row) => `${formatDateTime(row.createdAt)} by ${addedBy(row.createdBy, user.id)}`,
                },
              ]}
            />
          )}
        </QueryView>
        <LoadMore query={documents} label="Load more documents" />
      </div>
    </Card>
  );
}
