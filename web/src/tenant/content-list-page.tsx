/**
 * The content library: every item of the tenant, newest first, filtered by type, status and creation
 * days, a page at a time (the listing's cursor; earlier pages are remembered for "Previous").
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useApi } from "../app/session-context.tsx";
import { STATUS_OPTIONS, TYPE_OPTIONS, typeLabel } from "../content/status.ts";
import { StatusBadge } from "../content/status-badge.tsx";
import { Button, SelectField, TextField } from "../ui/controls.tsx";
import { QueryView } from "../ui/feedback.tsx";
import { formValues } from "../ui/form.ts";
import { formatDateTime } from "../ui/format.ts";
import { Card, DataTable, PageHeader } from "../ui/layout.tsx";
import { localTimeZone } from "./calendar-dates.ts";
import { type ContentFilters, filtersOf, listQuery, searchOf } from "./content-filters.ts";

const PAGE_SIZE = 20;

export function ContentListPage() {
  const [search, setSearch] = useSearchParams();
  const filters = filtersOf(search);
  const apply = (next: ContentFilters) => setSearch(searchOf(next));
  return (
    <div className="stack">
      <PageHeader
        title="Content"
        description="Everything your agents wrote: blog posts, social posts, strategies and brand profiles."
        actions={<Link to="/app/agents">Create content with an agent</Link>}
      />
      <Card title="Filters">
        <FilterForm key={search.toString()} filters={filters} onApply={apply} />
      </Card>
      {/* A new filter starts again at the first page. */}
      <ContentTable key={search.toString()} filters={filters} />
    </div>
  );
}

function FilterForm({ filters, onApply }: { filters: ContentFilters; onApply: (f: ContentFilters) => void }) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    onApply({
      type: values.type ?? "",
      status: values.status ?? "",
      from: values.from ?? "",
      to: values.to ?? "",
    });
  };
  return (
    <form className="row" onSubmit={submit} aria-label="Filter content">
      <SelectField
        name="type"
        label="Type"
        defaultValue={filters.type}
        options={[{ value: "", label: "All types" }, ...TYPE_OPTIONS]}
      />
      <SelectField
        name="status"
        label="Status"
        defaultValue={filters.status}
        options={[{ value: "", label: "All statuses" }, ...STATUS_OPTIONS]}
      />
      <TextField name="from" type="date" label="Created from" defaultValue={filters.from} />
      <TextField name="to" type="date" label="Created until" defaultValue={filters.to} />
      <Button type="submit" variant="primary">
        Apply filters
      </Button>
      <Button onClick={() => onApply({ type: "", status: "", from: "", to: "" })}>Clear</Button>
    </form>
  );
}

function ContentTable({ filters }: { filters: ContentFilters }) {
  const api = useApi();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = cursors.length - 1;
  const cursor = cursors[page];
  const query = useQuery({
    queryKey: ["content", "list", filters, cursor],
    queryFn: () =>
      api("GET /api/tenant/v1/content", {
        query: listQuery(filters, localTimeZone(), { limit: PAGE_SIZE, cursor }),
      }),
    placeholderData: keepPreviousData,
  });
  const filtered = Object.values(filters).some(Boolean);
  return (
    <QueryView
      query={query}
      label="Loading content"
      isEmpty={(data) => data.items.length === 0 && page === 0}
      empty={
        filtered ? (
          "No content matches these filters."
        ) : (
          <>
            No content yet. <Link to="/app/agents">Run an agent</Link> to write your first piece.
          </>
        )
      }
    >
      {(data) => (
        <div className="stack">
          <DataTable
            caption={`Content, page ${page + 1}`}
            rows={data.items}
            rowKey={(item) => item.contentId}
            columns={[
              {
                header: "Title",
                cell: (item) => <Link to={`/app/content/${item.contentId}`}>{item.title}</Link>,
              },
              { header: "Type", cell: (item) => typeLabel(item.type) },
              { header: "Status", cell: (item) => <StatusBadge status={item.status} /> },
              { header: "Version", cell: (item) => String(item.latestVersion) },
              { header: "Created", cell: (item) => formatDateTime(item.createdAt) },
              { header: "Scheduled for", cell: (item) => formatDateTime(item.scheduledFor) },
            ]}
          />
          <nav className="row" aria-label="Pages">
            <Button disabled={page === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
              Previous page
            </Button>
            <span className="muted">Page {page + 1}</span>
            <Button
              disabled={!data.nextCursor || query.isPlaceholderData}
              onClick={() => setCursors([...cursors, data.nextCursor])}
            >
              Next page
            </Button>
          </nav>
        </div>
      )}
    </QueryView>
  );
}
