/**
 * One tenant as a super-admin manages it: its status (suspend / reactivate, asked first), credits, review
 * policy and reviewer assignments.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { describeError } from "../api/errors.ts";
import type { ResponseOf } from "../api/routes.ts";
import { useApi } from "../app/session-context.tsx";
import { ConfirmButton } from "../ui/confirm-button.tsx";
import { Alert, Badge, QueryView } from "../ui/feedback.tsx";
import { formatDateTime } from "../ui/format.ts";
import { Card, Facts, PageHeader } from "../ui/layout.tsx";
import { TenantReviewers } from "./tenant-reviewers.tsx";
import { GrantCredits, ReviewPolicy } from "./tenant-settings.tsx";

type Tenant = ResponseOf<"GET /api/admin/v1/tenants/{tenantId}">;

function TenantStatus({ tenant: data }: { tenant: Tenant }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const tenantId = data.id;
  const change = useMutation({
    mutationFn: (to: "suspend" | "reactivate") =>
      to === "suspend"
        ? api("POST /api/admin/v1/tenants/{tenantId}/suspend", { params: { tenantId } })
        : api("POST /api/admin/v1/tenants/{tenantId}/reactivate", { params: { tenantId } }),
    onSuccess: (updated) => {
      queryClient.setQueryData(["tenants", tenantId], updated);
      void queryClient.invalidateQueries({ queryKey: ["tenants", "list"] });
    },
  });

  return (
    <Card title="Status">
      <div className="stack">
        <Facts
          items={[
            [
              "Status",
              <Badge key="status" tone={data.status === "active" ? "success" : "danger"}>
                {data.status}
              </Badge>,
            ],
            ["Created", formatDateTime(data.createdAt)],
            ["Id", <code key="id">{data.id}</code>],
          ]}
        />
        {data.status === "active" ? (
          <ConfirmButton
            question={`Suspend ${data.name}? Its users are signed out and refused until it is reactivated.`}
            confirmLabel="Confirm suspension"
            busy={change.isPending}
            onConfirm={() => change.mutate("suspend")}
          >
            Suspend tenant
          </ConfirmButton>
        ) : (
          <ConfirmButton
            variant="primary"
            question={`Reactivate ${data.name}? Its users may sign in again.`}
            confirmLabel="Confirm reactivation"
            busy={change.isPending}
            onConfirm={() => change.mutate("reactivate")}
          >
            Reactivate tenant
          </ConfirmButton>
        )}
        {change.error ? <Alert>{describeError(change.error)}</Alert> : null}
      </div>
    </Card>
  );
}

export function TenantPage() {
  const api = useApi();
  const { tenantId = "" } = useParams();
  const tenant = useQuery({
    queryKey: ["tenants", tenantId],
    queryFn: () => api("GET /api/admin/v1/tenants/{tenantId}", { params: { tenantId } }),
  });
  return (
    <div className="stack">
      <PageHeader
        title={tenant.data?.name ?? "Tenant"}
        description={<Link to="/admin/tenants">All tenants</Link>}
      />
      <QueryView query={tenant} label="Loading the tenant">
        {(data) => (
          <>
            <TenantStatus tenant={data} />
            <div className="grid">
              <GrantCredits tenantId={data.id} />
              <ReviewPolicy tenantId={data.id} />
            </div>
            <TenantReviewers tenantId={data.id} />
          </>
        )}
      </QueryView>
    </div>
  );
}
