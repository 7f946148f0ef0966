/**
 * The tenant's review policy: how its content is approved, each choice explained in plain words.
 * Admins change it unless a platform administrator has locked it; members see it read-only.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { ReviewPolicyView } from "#shared/contracts/content-views";
import { describeError } from "../api/errors.ts";
import { useApi, useUser } from "../app/session-context.tsx";
import { Button } from "../ui/controls.tsx";
import { Alert, Badge, QueryView } from "../ui/feedback.tsx";
import { formatDateTime } from "../ui/format.ts";
import { Card, PageHeader } from "../ui/layout.tsx";

type Policy = ReviewPolicyView["policy"];

const POLICIES: readonly { value: Policy; title: string; text: string }[] = [
  {
    value: "none",
    title: "No review",
    text: "Every piece an agent writes is approved at once and can go straight onto the calendar. Fastest, with no human check.",
  },
  {
    value: "reviewer",
    title: "A reviewer approves",
    text: "A Leadmetrics reviewer reads each piece, asks the agent for changes when needed, and approves it. You are told when it is ready.",
  },
  {
    value: "reviewer-then-tenant",
    title: "A reviewer, then your team, approve",
    text: "After the reviewer approves, a piece waits for one of your admins, who approves it or asks for changes. The most control.",
  },
];

export function SettingsPage() {
  const api = useApi();
  const policy = useQuery({
    queryKey: ["review-policy"],
    queryFn: () => api("GET /api/tenant/v1/review-policy"),
  });
  return (
    <div className="stack">
      <PageHeader title="Review policy" description="How your content is checked before it is approved." />
      <QueryView query={policy} label="Loading the review policy">
        {(current) => <PolicyForm current={current} />}
      </QueryView>
    </div>
  );
}

function PolicyForm({ current }: { current: ReviewPolicyView }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const isAdmin = useUser().role === "admin";
  const [chosen, setChosen] = useState<Policy>(current.policy);
  const save = useMutation({
    mutationFn: (policy: Policy) => api("PUT /api/tenant/v1/review-policy", { body: { policy } }),
    onSuccess: (saved) => queryClient.setQueryData(["review-policy"], saved),
  });
  const editable = isAdmin && !current.locked;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate(chosen);
  }

  return (
    <Card>
      <form className="stack" onSubmit={submit}>
        {current.locked ? (
          <Alert tone="info">
            <Badge tone="warning">Locked</Badge> A Leadmetrics administrator has set this policy for your
            workspace; it cannot be changed here. Contact support to change it.
          </Alert>
        ) : null}
        {!isAdmin && !current.locked ? (
          <Alert tone="info">Only your team's admins can change the review policy.</Alert>
        ) : null}
        {save.isSuccess ? <Alert tone="success">Review policy saved.</Alert> : null}
        {save.isError ? <Alert>{describeError(save.error)}</Alert> : null}
        <fieldset className="choices" disabled={!editable}>
          <legend>Review policy</legend>
          {POLICIES.map((option) => (
            <label key={option.value} className="choice">
              <input
                type="radio"
                name="policy"
                value={option.value}
                checked={chosen === option.value}
                onChange={() => setChosen(option.value)}
              />
              <span className="stack-tight">
                <strong>
                  {option.title}
                  {current.policy === option.value ? " (current)" : ""}
                </strong>
                <span className="muted">{option.text}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {current.updatedAt ? (
          <p className="muted">Last changed {formatDateTime(current.updatedAt)}.</p>
        ) : (
          <p className="muted">This is the default policy; nobody has changed it yet.</p>
        )}
        {editable ? (
          <div>
            <Button
              type="submit"
              variant="primary"
              busy={save.isPending}
              disabled={chosen === current.policy}
            >
              Save policy
            </Button>
          </div>
        ) : null}
      </form>
    </Card>
  );
}
