/** A tenant's credits grant and review policy, as a super-admin sets them. */
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { describeError, fieldMessages } from "../api/errors.ts";
import type { BodyOf } from "../api/routes.ts";
import { useApi } from "../app/session-context.tsx";
import { Button, Checkbox, SelectField, TextArea, TextField } from "../ui/controls.tsx";
import { Alert } from "../ui/feedback.tsx";
import { formValues } from "../ui/form.ts";
import { formatCredits, formatDateTime } from "../ui/format.ts";
import { Card, Facts } from "../ui/layout.tsx";
import { type CreditGrant, creditGrantBody } from "./tenant-form.ts";

type PolicyChange = BodyOf<"PUT /api/admin/v1/tenants/{tenantId}/review-policy">;

/** Every review policy, with what it means; typed by the route, so a new policy breaks this build. */
export const POLICY_OPTIONS: readonly { value: PolicyChange["policy"]; label: string }[] = [
  { value: "reviewer", label: "A reviewer approves (default)" },
  { value: "reviewer-then-tenant", label: "A reviewer, then a tenant admin, approve" },
  { value: "none", label: "No review: every version is approved as written" },
];

export function GrantCredits({ tenantId }: { tenantId: string }) {
  const api = useApi();
  const grant = useMutation({
    mutationFn: (body: CreditGrant) =>
      api("POST /api/admin/v1/tenants/{tenantId}/credits", { params: { tenantId }, body }),
  });
  const errors = fieldMessages(grant.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    grant.mutate(creditGrantBody(formValues(form)), { onSuccess: () => form.reset() });
  }

  return (
    <Card title="Grant credits">
      <form className="stack" onSubmit={submit} noValidate>
        <TextField
          label="Amount"
          name="amount"
          type="number"
          inputMode="numeric"
          min={1}
          max={1_000_000}
          step={1}
          required
          hint="Whole credits, 1 to 1,000,000."
          error={errors.amount}
        />
        <TextArea
          label="Reason"
          name="reason"
          rows={2}
          required
          hint="Recorded in the tenant's ledger and the audit log."
          error={errors.reason}
        />
        {grant.error && Object.keys(errors).length === 0 ? <Alert>{describeError(grant.error)}</Alert> : null}
        <div className="row">
          <Button type="submit" variant="primary" busy={grant.isPending}>
            Grant credits
          </Button>
        </div>
      </form>
      {grant.data ? (
        <Alert tone="success">
          <div className="stack">
            <strong>Credits granted. The tenant's balance is now {formatCredits(grant.data.balance)}.</strong>
            <Facts
              items={[
                ["Balance", formatCredits(grant.data.balance)],
                ["Reserved by running agents", formatCredits(grant.data.reserved)],
                ["Granted in all", formatCredits(grant.data.granted)],
              ]}
            />
          </div>
        </Alert>
      ) : null}
    </Card>
  );
}

export function ReviewPolicy({ tenantId }: { tenantId: string }) {
  const api = useApi();
  const [policy, setPolicy] = useState<PolicyChange["policy"]>("reviewer");
  const [locked, setLocked] = useState(true);
  const save = useMutation({
    mutationFn: (body: PolicyChange) =>
      api("PUT /api/admin/v1/tenants/{tenantId}/review-policy", { params: { tenantId }, body }),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ policy, locked });
  }

  return (
    <Card title="Review policy">
      <form className="stack" onSubmit={submit}>
        <p className="muted">
          How this tenant's content is approved. Locked, its admins cannot change it; unlocked, they may.
        </p>
        <SelectField
          label="Policy"
          value={policy}
          onChange={(event) => {
            const chosen = POLICY_OPTIONS.find((option) => option.value === event.currentTarget.value);
            if (chosen) setPolicy(chosen.value);
          }}
          options={POLICY_OPTIONS}
        />
        <Checkbox
          label="Lock the policy (the tenant's admins cannot change it)"
          checked={locked}
          onChange={(event) => setLocked(event.currentTarget.checked)}
        />
        {save.error ? <Alert>{describeError(save.error)}</Alert> : null}
        <div className="row">
          <Button type="submit" variant="primary" busy={save.isPending}>
            Save review policy
          </Button>
        </div>
      </form>
      {save.data ? (
        <Alert tone="success">
          Saved:{" "}
          {POLICY_OPTIONS.find((option) => option.value === save.data.policy)?.label ?? save.data.policy},{" "}
          {save.data.locked ? "locked" : "unlocked"}
          {save.data.updatedAt ? ` (${formatDateTime(save.data.updatedAt)})` : ""}.
        </Alert>
      ) : null}
    </Card>
  );
}
