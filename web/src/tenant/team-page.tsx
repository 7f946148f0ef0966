/**
 * The tenant's team, for its admins: who is in it, invite someone (the answer's one-time temporary
 * password is shown once, to hand over), make a user an admin or a member, remove a user after a
 * confirmation. Members are told politely that this page is for admins.
 */
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import type { InvitedUser } from "#shared/contracts/tenant-users.routes";
import { describeError, fieldMessages } from "../api/errors.ts";
import type { BodyOf } from "../api/routes.ts";
import { useApi, useUser } from "../app/session-context.tsx";
import { Button, SelectField, TextField } from "../ui/controls.tsx";
import { Alert, Badge, Empty, QueryView } from "../ui/feedback.tsx";
import { formValues } from "../ui/form.ts";
import { formatDate, humanize } from "../ui/format.ts";
import { Card, DataTable, PageHeader } from "../ui/layout.tsx";
import { byCursor, LoadMore } from "../ui/load-more.tsx";
import { useToast } from "../ui/toasts.tsx";

type Invite = BodyOf<"POST /api/tenant/v1/users">;
type TenantRole = Invite["role"];

const ROLE_OPTIONS = [
  { value: "member", label: "Member: runs agents, reads and comments on content" },
  { value: "admin", label: "Admin: also approves, schedules, manages the team and settings" },
];

export function TeamPage() {
  const user = useUser();
  if (user.role !== "admin") {
    return (
      <Empty>
        <h1>Team</h1>
        <p>Only your team's admins manage who is on the team. Ask one of them to invite or change someone.</p>
        <Link to="/app">Back to the dashboard</Link>
      </Empty>
    );
  }
  return (
    <div className="stack">
      <PageHeader title="Team" description="Who can sign in to your workspace, and what each may do." />
      <InviteCard />
      <UsersCard selfId={user.id} />
    </div>
  );
}

function InviteCard() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [invited, setInvited] = useState<InvitedUser | undefined>();
  const invite = useMutation({
    mutationFn: (body: Invite) => api("POST /api/tenant/v1/users", { body }),
    onSuccess: (answer) => {
      setInvited(answer);
      void queryClient.invalidateQueries({ queryKey: ["users"] });
    },
  });
  const errors = fieldMessages(invite.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setInvited(undefined);
    const form = event.currentTarget;
    const { name = "", email = "", role = "member" } = formValues(form);
    invite.mutate(
      { name, email, role: role === "admin" ? "admin" : "member" },
      { onSuccess: () => form.reset() },
    );
  }

  return (
    <Card title="Invite someone">
      <form className="stack" onSubmit={submit} noValidate>
        {invited ? <InvitedNote invited={invited} /> : null}
        {invite.error && Object.keys(errors).length === 0 ? (
          <Alert>{describeError(invite.error)}</Alert>
        ) : null}
        <TextField label="Name" name="name" autoComplete="off" required maxLength={120} error={errors.name} />
        <TextField label="Email" name="email" type="email" autoComplete="off" required error={errors.email} />
        <SelectField
          label="Role"
          name="role"
          options={ROLE_OPTIONS}
          defaultValue="member"
          error={errors.role}
        />
        <div>
          <Button type="submit" variant="primary" busy={invite.isPending}>
            Invite
          </Button>
        </div>
      </form>
    </Card>
  );
}

/** The invitation's answer: how the new user signs in, with the password shown this once. */
function InvitedNote({ invited }: { invited: InvitedUser }) {
  const toast = useToast();
  const copy = () =>
    navigator.clipboard.writeText(invited.temporaryPassword).then(
      () => toast("Temporary password copied."),
      () => toast("Could not copy: select the password and copy it by hand."),
    );
  return (
    <Alert tone="success">
      <div className="stack-tight">
        <strong>
          {invited.user.name} ({invited.user.email}) was added as {humanize(invited.user.role).toLowerCase()}.
        </strong>
        <span>
          Give them their email and this temporary password. They sign in on the sign-in page with it, then
          choose their own password under Account.
        </span>
        <div className="row">
          <code data-testid="temporary-password">{invited.temporaryPassword}</code>
          <Button small onClick={() => void copy()}>
            Copy password
          </Button>
        </div>
        <span>It is shown only this once: it cannot be displayed again.</span>
      </div>
    </Alert>
  );
}

function UsersCard({ selfId }: { selfId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [confirming, setConfirming] = useState<string | undefined>();
  const users = useInfiniteQuery({
    queryKey: ["users"],
    queryFn: ({ pageParam }) => api("GET /api/tenant/v1/users", { query: { cursor: pageParam } }),
    ...byCursor,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["users"] });
  const changeRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: TenantRole }) =>
      api("PUT /api/tenant/v1/users/{userId}/role", { params: { userId }, body: { role } }),
    onSuccess: (user) => {
      toast(`${user.name} is now ${user.role === "admin" ? "an admin" : "a member"}; they sign in again.`);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (userId: string) => api("DELETE /api/tenant/v1/users/{userId}", { params: { userId } }),
    onSuccess: () => {
      setConfirming(undefined);
      toast("User removed. Their sessions have ended.");
      void refresh();
    },
  });
  const failure = changeRole.error ?? remove.error;

  return (
    <Card title="Users">
      <div className="stack">
        {failure ? <Alert>{describeError(failure)}</Alert> : null}
        <QueryView query={users} label="Loading users" isEmpty={(data) => data.pages[0]?.items.length === 0}>
          {(data) => (
            <DataTable
              caption="Users of your workspace"
              rows={data.pages.flatMap((page) => page.items)}
              rowKey={(row) => row.id}
              columns={[
                {
                  header: "Name",
                  cell: (row) => (
                    <>
                      {row.name} {row.id === selfId ? <Badge>You</Badge> : null}
                    </>
                  ),
                },
                { header: "Email", cell: (row) => row.email },
                {
                  header: "Role",
                  cell: (row) => (
                    <Badge tone={row.role === "admin" ? "info" : "neutral"}>{humanize(row.role)}</Badge>
                  ),
                },
                {
                  header: "Status",
                  cell: (row) => (
                    <Badge tone={row.status === "active" ? "success" : "warning"}>
                      {humanize(row.status)}
                    </Badge>
                  ),
                },
                { header: "Added", cell: (row) => formatDate(row.createdAt) },
                {
                  header: "Actions",
                  cell: (row) =>
                    row.id === selfId ? (
                      <span className="muted">Another admin can change your role</span>
                    ) : confirming === row.id ? (
                      <div className="row">
                        <span>Remove {row.name}?</span>
                        <Button
                          small
                          variant="danger"
                          busy={remove.isPending}
                          onClick={() => remove.mutate(row.id)}
                        >
                          Yes, remove
                        </Button>
                        <Button small onClick={() => setConfirming(undefined)}>
                          Cancel
                        </Button>
                      </div>
                    ) : (
                      <div className="row">
                        <Button
                          small
                          busy={changeRole.isPending && changeRole.variables?.userId === row.id}
                          onClick={() =>
                            changeRole.mutate({
                              userId: row.id,
                              role: row.role === "admin" ? "member" : "admin",
                            })
                          }
                        >
                          {row.role === "admin" ? "Make member" : "Make admin"}
                          <span className="visually-hidden"> {row.name}</span>
                        </Button>
                        <Button small variant="danger" onClick={() => setConfirming(row.id)}>
                          Remove<span className="visually-hidden"> {row.name}</span>
                        </Button>
                      </div>
                    ),
                },
              ]}
            />
          )}
        </QueryView>
        <LoadMore query={users} />
      </div>
    </Card>
  );
}
