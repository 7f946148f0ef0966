/**
 * Runs an agent: a form generated from the agent's input JSON Schema, checked before it is sent;
 * the server's field errors land beside their fields, a lack of credits says where to get more, and
 * a started run opens its page, which follows it live.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { AgentCatalogEntry } from "#shared/contracts/agents.routes";
import { ApiError, describeError } from "../api/errors.ts";
import type { ParamsOf } from "../api/routes.ts";
import { NotFound } from "../app/routes.tsx";
import { useApi } from "../app/session-context.tsx";
import { Button } from "../ui/controls.tsx";
import { Alert, QueryView } from "../ui/feedback.tsx";
import { formatCredits } from "../ui/format.ts";
import { Card, PageHeader } from "../ui/layout.tsx";
import { SchemaField } from "./schema-field.tsx";
import { type FieldValue, formOf, initialValues, inputOf, serverErrors } from "./schema-form.ts";

type StartParams = ParamsOf<"POST /api/tenant/v1/agents/{role}/runs">;

export function RunFormPage() {
  const { role = "" } = useParams();
  const api = useApi();
  const catalog = useQuery({ queryKey: ["agents"], queryFn: () => api("GET /api/tenant/v1/agents") });
  return (
    <QueryView query={catalog} label="Loading the agent">
      {(data) => {
        const agent = data.items.find((item) => item.role === role);
        return agent ? <RunForm key={agent.role} agent={agent} /> : <NotFound />;
      }}
    </QueryView>
  );
}

function RunForm({ agent }: { agent: AgentCatalogEntry }) {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useMemo(() => formOf(agent.inputSchema), [agent.inputSchema]);
  const [values, setValues] = useState<Record<string, FieldValue>>(() => initialValues(form));
  const [checked, setChecked] = useState<Record<string, string>>({});
  const start = useMutation({
    mutationFn: (input: Record<string, unknown>) => {
      const params: StartParams = { role: agent.role };
      return api("POST /api/tenant/v1/agents/{role}/runs", { params, body: { input } });
    },
    onSuccess: (started) => {
      for (const key of ["live", "runs", "credits"]) void queryClient.invalidateQueries({ queryKey: [key] });
      void navigate(`/app/runs/${encodeURIComponent(started.runId)}`, {
        state: { existing: "existing" in started },
      });
    },
  });
  const server =
    start.error instanceof ApiError && start.error.code === "VALIDATION_ERROR"
      ? serverErrors(form, start.error.fields)
      : { fields: {}, general: [] };
  const errors = { ...server.fields, ...checked };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = inputOf(form, values);
    if (!result.ok) {
      setChecked(result.errors);
      return;
    }
    setChecked({});
    start.mutate(result.input);
  }

  return (
    <div className="stack">
      <PageHeader
        title={`Run ${agent.title}`}
        description={agent.description}
        actions={<Link to="/app/agents">All agents</Link>}
      />
      <Card>
        {form.unsupported ? (
          <Alert>{form.unsupported} It cannot be run from this form yet.</Alert>
        ) : (
          <form className="stack" onSubmit={submit} noValidate aria-label={`Run ${agent.title}`}>
            <RunFailure error={start.error} general={server.general} />
            {Object.keys(checked).length > 0 ? (
              <Alert>Some fields need your attention: see the messages beside them.</Alert>
            ) : null}
            {form.fields.map((field) => (
              <SchemaField
                key={field.name}
                field={field}
                value={values[field.name]}
                error={errors[field.name]}
                onChange={(value) => setValues((current) => ({ ...current, [field.name]: value }))}
              />
            ))}
            <p className="muted">
              A run reserves {formatCredits(agent.creditPrice)}; unused credits come back when it finishes.
            </p>
            <div>
              <Button type="submit" variant="primary" busy={start.isPending}>
                Start the run
              </Button>
            </div>
          </form>
        )}
      </Card>
    </div>
  );
}

/** Why the run did not start: no credits (and where to get more), the input, or anything else. */
function RunFailure({ error, general }: { error: unknown; general: readonly string[] }) {
  if (!error) return null;
  if (error instanceof ApiError && error.status === 402) {
    return (
      <Alert>
        You do not have enough credits for this run. <Link to="/app/credits">See your credits</Link> and ask
        Leadmetrics for more.
      </Alert>
    );
  }
  if (error instanceof ApiError && error.code === "VALIDATION_ERROR") {
    return general.length > 0 ? (
      <Alert>
        {error.message}: {general.join("; ")}
      </Alert>
    ) : null;
  }
  return <Alert>{describeError(error)}</Alert>;
}
