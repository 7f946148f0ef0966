/** The audit log, newest first: filtered by tenant and type, page by page, each act in words. */
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { AUDIT_TYPES, type AuditType } from "#shared/domain/audit/audit-entry";
import { useApi } from "../app/session-context.tsx";
import { Button, SelectField, TextField } from "../ui/controls.tsx";
import { QueryView } from "../ui/feedback.tsx";
import { formValues } from "../ui/form.ts";
import { formatDateTime } from "../ui/format.ts";
import { Card, DataTable, PageHeader } from "../ui/layout.tsx";
import { Pager, useCursorPages } from "../ui/pager.tsx";
import { describeActor, describeDetails, describeTarget, describeType } from "./audit-format.ts";

interface Filters {
  tenantId?: string;
  type?: AuditType;
}

const TYPE_OPTIONS = [
  { value: "", label: "Every type" },
  ...AUDIT_TYPES.map((type) => ({ value: type, label: describeType(type) })),
];

/** Reads the filter form; an unknown type (none can be chosen) is no filter. */
function filtersOf(values: Record<string, string>): Filters {
  const tenantId = (values.tenantId ?? "").trim();
  const type = AUDIT_TYPES.find((known) => known === values.type);
  return { ...(tenantId ? { tenantId } : {}), ...(type ? { type } : {}) };
}

export function AuditPage() {
  const api = useApi();
  const pages = useCursorPages();
  const [filters, setFilters] = useState<Filters>({});
  const audit = useQuery({
    queryKey: ["audit", filters, pages.cursor],
    queryFn: () => api("GET /api/admin/v1/audit", { query: { ...filters, limit: 50, cursor: pages.cursor } }),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFilters(filtersOf(formValues(event.currentTarget)));
    pages.reset();
  }

  return (
    <div className="stack">
      <PageHeader title="Audit log" description="Who did what, to whom and when, newest first." />
      <Card title="Filters">
        <form className="row" onSubmit={submit} aria-label="Audit log filters">
          <TextField label="Tenant id" name="tenantId" autoComplete="off" placeholder="Any tenant" />
          <SelectField label="Type" name="type" options={TYPE_OPTIONS} defaultValue="" />
          <Button type="submit" variant="primary">
            Apply filters
          </Button>
        </form>
      </Card>
      <Card title="Entries">
        <QueryView
          query={audit}
          label="Loading the audit log"
          isEmpty={(data) => data.items.length === 0 && !pages.cursor}
          empty="No entry matches these filters."
        >
          {(data) => (
            <>
              <DataTable
                caption="Audit log entries"
                rows={data.items}
                rowKey={(entry) => entry.id}
                columns={[
                  { header: "When", cell: (entry) => formatDateTime(entry.at) },
                  { header: "Who", cell: (entry) => describeActor(entry.actor) },
                  { header: "What", cell: (entry) => describeType(entry.type) },
                  { header: "To whom", cell: (entry) => describeTarget(entry.target) },
                  {
                    header: "Details",
                    cell: (entry) => {
                      const lines = describeDetails(entry.details);
                      return (
                        <div className="stack">
                          {lines.length ? (
                            <ul>
                              {lines.map((line) => (
                                <li key={line}>{line}</li>
                              ))}
                            </ul>
                          ) : null}
                          <span className="muted">
                            {entry.tenantId ? `Tenant ${entry.tenantId} · ` : ""}from {entry.ip} · request{" "}
                            <code>{entry.correlationId}</code>
                          </span>
                        </div>
                      );
                    },
                  },
                ]}
              />
              <Pager pages={pages} nextCursor={data.nextCursor} label="Audit log pages" />
            </>
          )}
        </QueryView>
      </Card>
    </div>
  );
}
