/** Every tenant, newest first, and creating one with its first admin invited. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Link } from "react-router";
import { describeError, fieldMessages } from "../api/errors.ts";
import type { ResponseOf } from "../api/routes.ts";
import { useApi } from "../app/session-context.tsx";
import { Button, TextField } from "../ui/controls.tsx";
import { Alert, Badge, QueryView } from "../ui/feedback.tsx";
import { formValues } from "../ui/form.ts";
import { formatDateTime } from "../ui/format.ts";
import { Card, DataTable, Facts, PageHeader } from "../ui/layout.tsx";
import { Pager, useCursorPages } from "../ui/pager.tsx";
import { type NewTenant, newTenantBody } from "./tenant-form.ts";

const PAGE_SIZE = 25;

type Created = ResponseOf<"POST /api/admin/v1/tenants">;

function CreatedTenant({ tenant }: { tenant: Created }) {
  return (
    <Alert tone="success">
      <div className="stack">
        <strong>
          Created <Link to={`/admin/tenants/${tenant.id}`}>{tenant.name}</Link>.
        </strong>
        {tenant.admin ? (
          <>
            <span>
              Its first admin signs in at this portal with the e-mail and temporary password below, then
              changes the password. This password is shown only now: pass it on safely.
            </span>
            <Facts
              items={[
                ["Admin", `${tenant.admin.user.name} (${tenant.admin.user.email})`],
                ["Temporary password", <code key="password">{tenant.admin.temporaryPassword}</code>],
              ]}
            />
          </>
        ) : (
          <span>It has no users yet: nobody can sign in to it until an admin is invited.</span>
        )}
      </div>
    </Alert>
  );
}

function CreateTenant() {
  const api = useApi();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (body: NewTenant) => api("POST /api/admin/v1/tenants", { body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["tenants"] }),
  });
  const errors = fieldMessages(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    create.mutate(newTenantBody(formValues(form)), { onSuccess: () => form.reset() });
  }

  return (
    <Card title="New tenant">
      <form className="stack" onSubmit={submit} noValidate>
        <TextField label="Tenant name" name="name" autoComplete="organization" required error={errors.name} />
        <div className="grid">
          <TextField
            label="First admin's name"
            name="adminName"
            autoComplete="off"
            hint="Optional, with the e-mail: the admin is invited with the tenant."
          />
          <TextField
            label="First admin's e-mail"
            name="adminEmail"
            type="email"
            autoComplete="off"
            // The API names the admin's fields as one ("admin"): its message says which.
            error={errors.admin}
          />
        </div>
        {create.error && Object.keys(errors).length === 0 ? (
          <Alert>{describeError(create.error)}</Alert>
        ) : null}
        <div className="row">
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create tenant
          </Button>
        </div>
      </form>
      {create.data ? <CreatedTenant tenant={create.data} /> : null}
    </Card>
  );
}

export function TenantsPage() {
  const api = useApi();
  const pages = useCursorPages();
  const tenants = useQuery({
    queryKey: ["tenants", "list", pages.cursor],
    queryFn: () => api("GET /api/admin/v1/tenants", { query: { limit: PAGE_SIZE, cursor: pages.cursor } }),
  });

  return (
    <div className="stack">
      <PageHeader title="Tenants" description="Every business on the platform, newest first." />
      <CreateTenant />
      <Card title="All tenants">
        <QueryView
          query={tenants}
          label="Loading tenants"
          isEmpty={(data) => data.items.length === 0 && !pages.cursor}
          empty="No tenants yet. Create the first one above."
        >
          {(data) => (
            <>
              <DataTable
                caption="Tenants"
                rows={data.items}
                rowKey={(tenant) => tenant.id}
                columns={[
                  {
                    header: "Name",
                    cell: (tenant) => <Link to={`/admin/tenants/${tenant.id}`}>{tenant.name}</Link>,
                  },
                  {
                    header: "Status",
                    cell: (tenant) => (
                      <Badge tone={tenant.status === "active" ? "success" : "danger"}>{tenant.status}</Badge>
                    ),
                  },
                  { header: "Created", cell: (tenant) => formatDateTime(tenant.createdAt) },
                  { header: "Id", cell: (tenant) => <code>{tenant.id}</code> },
                ]}
              />
              <Pager pages={pages} nextCursor={data.nextCursor} label="Tenant pages" />
            </>
          )}
        </QueryView>
      </Card>
    </div>
  );
}
