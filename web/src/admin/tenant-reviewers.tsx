/** A tenant's reviewer assignments: who reviews its content, assigning one from the staff, ending one. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { describeError } from "../api/errors.ts";
import { useApi } from "../app/session-context.tsx";
import { Button, SelectField } from "../ui/controls.tsx";
import { Alert, QueryView } from "../ui/feedback.tsx";
import { formatDateTime } from "../ui/format.ts";
import { Card, DataTable } from "../ui/layout.tsx";
import { Pager, useCursorPages } from "../ui/pager.tsx";
import { useToast } from "../ui/toasts.tsx";
import { assignableReviewers } from "./staff-roster.ts";
import { useAllStaff } from "./use-all-staff.ts";

function AssignReviewer({ tenantId, assigned }: { tenantId: string; assigned: readonly string[] }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const staff = useAllStaff();
  const [reviewerId, setReviewerId] = useState("");
  const assign = useMutation({
    mutationFn: (id: string) =>
      api("PUT /api/admin/v1/tenants/{tenantId}/reviewers/{reviewerId}", {
        params: { tenantId, reviewerId: id },
      }),
    onSuccess: () => {
      setReviewerId("");
      toast("Reviewer assigned.");
      void queryClient.invalidateQueries({ queryKey: ["tenants", tenantId, "reviewers"] });
      void queryClient.invalidateQueries({ queryKey: ["staff"] });
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reviewerId) assign.mutate(reviewerId);
  }

  return (
    <QueryView query={staff} label="Loading reviewers">
      {(all) => {
        const choices = assignableReviewers(all, assigned);
        if (choices.length === 0) {
          return (
            <p className="muted">
              Every active reviewer is assigned already. Create reviewers on the Staff page.
            </p>
          );
        }
        return (
          <form className="row" onSubmit={submit}>
            <SelectField
              label="Reviewer to assign"
              value={reviewerId}
              onChange={(event) => setReviewerId(event.currentTarget.value)}
              options={[
                { value: "", label: "Choose a reviewer" },
                ...choices.map((user) => ({ value: user.id, label: `${user.name} (${user.email})` })),
              ]}
            />
            <Button type="submit" variant="primary" disabled={!reviewerId} busy={assign.isPending}>
              Assign reviewer
            </Button>
            {assign.error ? <Alert>{describeError(assign.error)}</Alert> : null}
          </form>
        );
      }}
    </QueryView>
  );
}

export function TenantReviewers({ tenantId }: { tenantId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const pages = useCursorPages();
  const reviewers = useQuery({
    queryKey: ["tenants", tenantId, "reviewers", pages.cursor],
    queryFn: () =>
      api("GET /api/admin/v1/tenants/{tenantId}/reviewers", {
        params: { tenantId },
        query: { limit: 50, cursor: pages.cursor },
      }),
  });
  const unassign = useMutation({
    mutationFn: (reviewerId: string) =>
      api("DELETE /api/admin/v1/tenants/{tenantId}/reviewers/{reviewerId}", {
        params: { tenantId, reviewerId },
      }),
    onSuccess: () => {
      toast("Assignment ended.");
      void queryClient.invalidateQueries({ queryKey: ["tenants", tenantId, "reviewers"] });
      void queryClient.invalidateQueries({ queryKey: ["staff"] });
    },
  });

  return (
    <Card title="Reviewers">
      <div className="stack">
        <QueryView
          query={reviewers}
          label="Loading assignments"
          isEmpty={(data) => data.items.length === 0 && !pages.cursor}
          empty="No reviewer is assigned: this tenant's content waits for a super-admin."
        >
          {(data) => (
            <>
              <DataTable
                caption="Reviewers assigned to this tenant"
                rows={data.items}
                rowKey={(row) => row.reviewerId}
                columns={[
                  {
                    header: "Reviewer",
                    cell: (row) => row.name ?? <span className="muted">Account removed</span>,
                  },
                  { header: "E-mail", cell: (row) => row.email ?? "—" },
                  { header: "Assigned", cell: (row) => formatDateTime(row.assignedAt) },
                  {
                    header: "Actions",
                    cell: (row) => (
                      <Button
                        small
                        variant="ghost"
                        busy={unassign.isPending && unassign.variables === row.reviewerId}
                        onClick={() => unassign.mutate(row.reviewerId)}
                        aria-label={`Unassign ${row.name ?? row.reviewerId}`}
                      >
                        Unassign
                      </Button>
                    ),
                  },
                ]}
              />
              <Pager pages={pages} nextCursor={data.nextCursor} label="Assignment pages" />
            </>
          )}
        </QueryView>
        {unassign.error ? <Alert>{describeError(unassign.error)}</Alert> : null}
        <AssignReviewer
          tenantId={tenantId}
          assigned={reviewers.data?.items.map((row) => row.reviewerId) ?? []}
        />
      </div>
    </Card>
  );
}
