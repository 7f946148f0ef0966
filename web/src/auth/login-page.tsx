import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect } from "react";
import { Link, useNavigate } from "react-router";
import { describeError, fieldMessages } from "../api/errors.ts";
import { homeOf } from "../app/navigation.ts";
import { useApi, useSessionActions, useSessionState } from "../app/session-context.tsx";
import { Button, TextField } from "../ui/controls.tsx";
import { Alert } from "../ui/feedback.tsx";
import { formValues } from "../ui/form.ts";

export function LoginPage() {
  const api = useApi();
  const state = useSessionState();
  const { signedIn } = useSessionActions();
  const navigate = useNavigate();
  const login = useMutation({
    mutationFn: (body: { email: string; password: string }) => api("POST /api/auth/v1/login", { body }),
    onSuccess: (session) => {
      signedIn(session);
      void navigate(homeOf(session.user), { replace: true });
    },
  });
  useEffect(() => {
    if (state.status === "signed-in") void navigate(homeOf(state.user), { replace: true });
  }, [state, navigate]);
  const errors = fieldMessages(login.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { email = "", password = "" } = formValues(event.currentTarget);
    login.mutate({ email, password });
  }

  return (
    <main className="auth-page">
      <div className="card stack">
        <h1>Sign in to Leadmetrics</h1>
        {state.status === "signed-out" && state.reason && !login.error ? (
          <Alert tone="info">{state.reason}</Alert>
        ) : null}
        {login.error && Object.keys(errors).length === 0 ? <Alert>{describeError(login.error)}</Alert> : null}
        <form className="stack" onSubmit={submit} noValidate>
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            required
            error={errors.email}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={errors.password}
          />
          <Button type="submit" variant="primary" busy={login.isPending}>
            Sign in
          </Button>
        </form>
        <p className="muted">
          New to Leadmetrics? <Link to="/signup">Create an account</Link>
        </p>
      </div>
    </main>
  );
}
