/** A tenant's credits and review policy, as a super-admin reads and sets them. */
import { type UseMutationResult, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { describeError, fieldMessages } from "../api/errors.ts";
import type { BodyOf, ResponseOf } from "../api/routes.ts";
import { useApi } from "../app/session-context.tsx";
import { Button, Checkbox, SelectField, TextArea, TextField } from "../ui/controls.tsx";
import { Alert, QueryView } from "../ui/feedback.tsx";
import { formValues } from "../ui/form.ts";
import { formatCredits, formatDateTime } from "../ui/format.ts";
import { Card, Facts } from "../ui/layout.tsx";
import { type CreditGrant, creditGrantBody } from "./tenant-form.ts";

type PolicyChange = BodyOf<"PUT /api/admin/v1/tenants/{tenantId}/review-policy">;
type PolicySetting = ResponseOf<"GET /api/admin/v1/tenants/{tenantId}/review-policy">;

/** Where the tenant page keeps a tenant's credits and policy, so a change can put its answer there. */
const creditsKey = (tenantId: string) => ["tenants", tenantId, "credits"];
const policyKey = (tenantId: string) => ["tenants", tenantId, "review-policy"];

/** Every review policy, with what it means; typed by the route, so a new policy breaks this build. */
export const POLICY_OPTIONS: readonly { value: PolicyChange["policy"]; label: string }[] = [
  { value: "reviewer", label: "A reviewer approves (default)" },
  { value: "reviewer-then-tenant", label: "A reviewer, then a tenant admin, approve" },
  { value: "none", label: "No review: every version is approved as written" },
];

export function GrantCredits({ tenantId }: { tenantId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const credits = useQuery({
    queryKey: creditsKey(tenantId),
    queryFn: () => api("GET /api/admin/v1/tenants/{tenantId}/credits", { params: { tenantId } }),
  });
  const grant = useMutation({
    mutationFn: (body: CreditGrant) =>
      api("POST /api/admin/v1/tenants/{tenantId}/credits", { params: { tenantId }, body }),
    onSuccess: (balance) => queryClient.setQueryData(creditsKey(tenantId), balance),
  });
  const errors = fieldMessages(grant.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    grant.mutate(creditGrantBody(formValues(form)), { onSuccess: () => form.reset() });
  }

  return (
    <Card title="Credits">
      <div className="stack">
        <QueryView query={credits} label="Loading the tenant's credits">
          {(balance) => (
            <Facts
              items={[
                ["Balance", formatCredits(balance.balance)],
                ["Reserved by running agents", formatCredits(balance.reserved)],
                ["Granted in all", formatCredits(balance.granted)],
              ]}
            />
          )}
        </QueryView>
        <form className="stack" aria-label="Grant credits" onSubmit={submit} noValidate>
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
          {grant.error && Object.keys(errors).length === 0 ? (
            <Alert>{describeError(grant.error)}</Alert>
          ) : null}
          <div className="row">
            <Button type="submit" variant="primary" busy={grant.isPending}>
              Grant credits
            </Button>
          </div>
        </form>
        {grant.data ? (
          <Alert tone="success">
            Credits granted. The tenant's balance is now {formatCredits(grant.data.balance)}.
          </Alert>
        ) : null}
      </div>
    </Card>
  );
}

/** What a policy setting says, in words: the policy, locked or not, and when it was last set. */
function describePolicy(setting: PolicySetting): string {
  const label = POLICY_OPTIONS.find((option) => option.value === setting.policy)?.label ?? setting.policy;
  const when = setting.updatedAt ? `, set ${formatDateTime(setting.updatedAt)}` : ", never changed";
  return `${label}; ${setting.locked ? "locked" : "unlocked"}${when}`;
}

export function ReviewPolicy({ tenantId }: { tenantId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const current = useQuery({
    queryKey: policyKey(tenantId),
    queryFn: () => api("GET /api/admin/v1/tenants/{tenantId}/review-policy", { params: { tenantId } }),
  });
  // Held here, not in the form: the form starts afresh whenever the stored policy changes.
  const save = useMutation({
    mutationFn: (body: PolicyChange) =>
      api("PUT /api/admin/v1/tenants/{tenantId}/review-policy", { params: { tenantId }, body }),
    onSuccess: (saved) => queryClient.setQueryData(policyKey(tenantId), saved),
  });
  return (
    <Card title="Review policy">
      <QueryView query={current} label="Loading the review policy">
        {(setting) => (
          <PolicyForm
            // A policy changed elsewhere (a tenant admin, another super-admin) resets the form to it,
            // so a save never quietly puts back what the form was first loaded with.
            key={`${setting.policy}:${setting.locked}:${setting.updatedAt ?? ""}`}
            setting={setting}
            save={save}
          />
        )}
      </QueryView>
    </Card>
  );
}

/** The form starts from the tenant's policy as stored, so saving without a change changes nothing. */
function PolicyForm({
  setting,
  save,
}: {
  setting: PolicySetting;
  save: UseMutationResult<PolicySetting, Error, PolicyChange>;
}) {
  const [policy, setPolicy] = useState<PolicyChange["policy"]>(setting.policy);
  const [locked, setLocked] = useState(setting.locked);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ policy, locked });
  }

  return (
    <form className="stack" aria-label="Review policy" onSubmit={submit}>
      <p className="muted">
        How this tenant's content is approved. Locked, its admins cannot change it; unlocked, they may.
      </p>
      <Facts items={[["Now", describePolicy(setting)]]} />
      <SelectField
        label="Policy"
        value={policy}
        onChange={(event) => {
          const chosen = POLICY_OPTIONS.find((option) => option.value === event.currentTarget.value);
          if (chosen) setPolicy(chosen.value);
          save.reset();
        }}
        options={POLICY_OPTIONS}
      />
      <Checkbox
        label="Lock the policy (the tenant's admins cannot change it)"
        checked={locked}
        onChange={(event) => {
          setLocked(event.currentTarget.checked);
          save.reset();
        }}
      />
      {save.error ? <Alert>{describeError(save.error)}</Alert> : null}
      <div className="row">
        <Button type="submit" variant="primary" busy={save.isPending}>
          Save review policy
        </Button>
      </div>
      {save.isSuccess ? <Alert tone="success">Saved.</Alert> : null}
    </form>
  );
}
