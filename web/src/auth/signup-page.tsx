import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { describeError, fieldMessages } from "../api/errors.ts";
import type { BodyOf } from "../api/routes.ts";
import { useApi, useSessionActions } from "../app/session-context.tsx";
import { Button, TextField } from "../ui/controls.tsx";
import { Alert } from "../ui/feedback.tsx";
import { formValues } from "../ui/form.ts";

type SignUp = BodyOf<"POST /api/auth/v1/register">;

export function SignupPage() {
  const api = useApi();
  const { signedIn } = useSessionActions();
  const navigate = useNavigate();
  const register = useMutation({
    mutationFn: (body: SignUp) => api("POST /api/auth/v1/register", { body }),
    onSuccess: (session) => {
      signedIn(session);
      void navigate("/app/brand", { replace: true });
    },
  });
  const errors = fieldMessages(register.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { tenantName = "", name = "", email = "", password = "" } = formValues(event.currentTarget);
    register.mutate({ tenantName, name, email, password });
  }

  return (
    <main className="auth-page">
      <div className="card stack">
        <h1>Create your Leadmetrics account</h1>
        <p className="muted">Your business gets its own workspace and starter credits to try the agents.</p>
        {register.error && Object.keys(errors).length === 0 ? (
          <Alert>{describeError(register.error)}</Alert>
        ) : null}
        <form className="stack" onSubmit={submit} noValidate>
          <TextField
            label="Business name"
            name="tenantName"
            autoComplete="organization"
            required
            error={errors.tenantName}
          />
          <TextField label="Your name" name="name" autoComplete="name" required error={errors.name} />
          <TextField
            label="Work email"
            name="email"
            type="email"
            autoComplete="email"
            required
            error={errors.email}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="new-password"
            hint="At least 12 characters."
            required
            error={errors.password}
          />
          <Button type="submit" variant="primary" busy={register.isPending}>
            Create account
          </Button>
        </form>
        <p className="muted">
          Already have an account? <Link to="/login">Sign in</Link>
        </p>
      </div>
    </main>
  );
}
