import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { describeError, fieldMessages } from "../api/errors.ts";
import { useApi, useSessionActions, useUser } from "../app/session-context.tsx";
import { Button, TextField } from "../ui/controls.tsx";
import { Alert } from "../ui/feedback.tsx";
import { formValues } from "../ui/form.ts";
import { Card, Facts, PageHeader } from "../ui/layout.tsx";

export function AccountPage() {
  const api = useApi();
  const user = useUser();
  const { signOut } = useSessionActions();
  const [done, setDone] = useState(false);
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api("POST /api/auth/v1/password", { body }),
    onSuccess: () => setDone(true),
  });
  const errors = fieldMessages(change.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    const { currentPassword = "", newPassword = "" } = formValues(event.currentTarget);
    change.mutate({ currentPassword, newPassword }, { onSuccess: () => event.currentTarget?.reset() });
  }

  return (
    <div className="stack">
      <PageHeader title="Your account" />
      <Card title="Profile">
        <Facts
          items={[
            ["Name", user.name],
            ["Email", user.email],
            ["Role", user.role],
          ]}
        />
      </Card>
      <Card title="Change password">
        <form className="stack" onSubmit={submit} noValidate>
          {done ? (
            <Alert tone="success">Password changed. Your other sessions have been signed out.</Alert>
          ) : null}
          {change.error && Object.keys(errors).length === 0 ? (
            <Alert>{describeError(change.error)}</Alert>
          ) : null}
          <TextField
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            error={errors.currentPassword}
          />
          <TextField
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            hint="At least 12 characters."
            required
            error={errors.newPassword}
          />
          <div>
            <Button type="submit" variant="primary" busy={change.isPending}>
              Change password
            </Button>
          </div>
        </form>
      </Card>
      <Card title="Sessions">
        <p>Signing out everywhere ends every session of your account, on every device, this one included.</p>
        <Button variant="danger" onClick={() => void signOut(true)}>
          Sign out everywhere
        </Button>
      </Card>
    </div>
  );
}
