/**
 * The platform's staff: reviewers and super-admins. Creating one (with the password they will sign in
 * with), and suspending, reactivating or unlocking an account.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { describeError, fieldMessages } from "../api/errors.ts";
import type { BodyOf } from "../api/routes.ts";
import { useApi, useUser } from "../app/session-context.tsx";
import { ConfirmButton } from "../ui/confirm-button.tsx";
import { Button, SelectField, TextField } from "../ui/controls.tsx";
import { Alert, Badge, QueryView } from "../ui/feedback.tsx";
import { formValues } from "../ui/form.ts";
import { formatDateTime, humanize } from "../ui/format.ts";
import { Card, DataTable, PageHeader } from "../ui/layout.tsx";
import { Pager, useCursorPages } from "../ui/pager.tsx";
import { useToast } from "../ui/toasts.tsx";
import { type StaffMember, signInInstructions } from "./staff-roster.ts";

type NewStaff = BodyOf<"POST /api/admin/v1/staff">;

const ROLE_OPTIONS: readonly { value: NewStaff["role"]; label: string }[] = [
  { value: "reviewer", label: "Reviewer" },
  { value: "super_admin", label: "Super-admin" },
];

function CreateStaff() {
  const api = useApi();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (body: NewStaff) => api("POST /api/admin/v1/staff", { body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["staff"] }),
  });
  const errors = fieldMessages(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const { name = "", email = "", role = "", password = "" } = formValues(form);
    const chosen = ROLE_OPTIONS.find((option) => option.value === role)?.value ?? "reviewer";
    create.mutate({ name, email, role: chosen, password }, { onSuccess: () => form.reset() });
  }

  return (
    <Card title="New staff member">
      <form className="stack" onSubmit={submit} noValidate>
        <div className="grid">
          <TextField label="Name" name="name" autoComplete="off" required error={errors.name} />
          <TextField
            label="E-mail"
            name="email"
            type="email"
            autoComplete="off"
            required
            error={errors.email}
          />
          <SelectField
            label="Role"
            name="role"
            options={ROLE_OPTIONS}
            defaultValue="reviewer"
            error={errors.role}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="new-password"
            hint="At least 12 characters. They sign in with it."
            required
            error={errors.password}
          />
        </div>
        {create.error && Object.keys(errors).length === 0 ? (
          <Alert>{describeError(create.error)}</Alert>
        ) : null}
        <div className="row">
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create staff member
          </Button>
        </div>
      </form>
      {create.data ? (
        <Alert tone="success">
          <div className="stack">
            <strong>
              Created {create.data.name}, {humanize(create.data.role)}.
            </strong>
            <span>{signInInstructions(create.data, window.location.origin)}</span>
          </div>
        </Alert>
      ) : null}
    </Card>
  );
}

function StaffActions({ member }: { member: StaffMember }) {
  const api = useApi();
  const me = useUser();
  const queryClient = useQueryClient();
  const toast = useToast();
  const params = { userId: member.id };
  const act = useMutation({
    mutationFn: async (action: "suspend" | "reactivate" | "unlock") => {
      if (action === "suspend") await api("POST /api/admin/v1/users/{userId}/suspend", { params });
      else if (action === "reactivate") await api("POST /api/admin/v1/users/{userId}/reactivate", { params });
      else await api("POST /api/admin/v1/users/{userId}/unlock", { params });
      return action;
    },
    onSuccess: (action) => {
      const done = { suspend: "suspended", reactivate: "reactivated", unlock: "unlocked" }[action];
      toast(`${member.name} ${done}.`);
      void queryClient.invalidateQueries({ queryKey: ["staff"] });
    },
  });
  if (member.id === me.id) return <span className="muted">You</span>;
  return (
    <div className="stack">
      <div className="row">
        {member.status === "active" ? (
          <ConfirmButton
            small
            question={`Suspend ${member.name}? Their sessions end and they cannot sign in until reactivated.`}
            confirmLabel={`Confirm suspending ${member.name}`}
            busy={act.isPending && act.variables === "suspend"}
            onConfirm={() => act.mutate("suspend")}
          >
            Suspend
          </ConfirmButton>
        ) : (
          <ConfirmButton
            small
            variant="primary"
            question={`Reactivate ${member.name}? They may sign in again.`}
            confirmLabel={`Confirm reactivating ${member.name}`}
            busy={act.isPending && act.variables === "reactivate"}
            onConfirm={() => act.mutate("reactivate")}
          >
            Reactivate
          </ConfirmButton>
        )}
        <Button
          small
          variant="ghost"
          busy={act.isPending && act.variables === "unlock"}
          onClick={() => act.mutate("unlock")}
          aria-label={`Unlock ${member.name}`}
        >
          Unlock
        </Button>
      </div>
      {act.error ? <Alert>{describeError(act.error)}</Alert> : null}
    </div>
  );
}

export function StaffPage() {
  const api = useApi();
  const pages = useCursorPages();
  const staff = useQuery({
    queryKey: ["staff", "list", pages.cursor],
    queryFn: () => api("GET /api/admin/v1/staff", { query: { limit: 25, cursor: pages.cursor } }),
  });

  return (
    <div className="stack">
      <PageHeader
        title="Staff"
        description="Reviewers and super-admins. Unlock clears failed sign-ins that locked an account."
      />
      <CreateStaff />
      <Card title="All staff">
        <QueryView
          query={staff}
          label="Loading staff"
          isEmpty={(data) => data.items.length === 0 && !pages.cursor}
          empty="No staff yet."
        >
          {(data) => (
            <>
              <DataTable
                caption="Staff"
                rows={data.items}
                rowKey={(member) => member.id}
                columns={[
                  { header: "Name", cell: (member) => member.name },
                  { header: "E-mail", cell: (member) => member.email },
                  { header: "Role", cell: (member) => humanize(member.role) },
                  {
                    header: "Status",
                    cell: (member) => (
                      <Badge tone={member.status === "active" ? "success" : "danger"}>{member.status}</Badge>
                    ),
                  },
                  { header: "Created", cell: (member) => formatDateTime(member.createdAt) },
                  { header: "Actions", cell: (member) => <StaffActions member={member} /> },
                ]}
              />
              <Pager pages={pages} nextCursor={data.nextCursor} label="Staff pages" />
            </>
          )}
        </QueryView>
      </Card>
    </div>
  );
}
