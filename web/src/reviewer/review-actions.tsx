/**
 * The reviewer's decision on an item: approve the latest version, ask for changes with feedback (its
 * agent writes a revision from it), or write a new version by hand (checked against the agent's
 * output schema; its field errors show next to the fields). Every decision names the latest version.
 */

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ReviewDetail } from "#shared/contracts/content-views";
import { useApi } from "../app/session-context.tsx";
import { ActionError } from "../content/action-error.tsx";
import { BodyEditor } from "../content/body-editor.tsx";
import { FeedbackForm } from "../content/feedback-form.tsx";
import { reviewerActions, statusMeaning } from "../content/status.ts";
import { Button } from "../ui/controls.tsx";
import { useToast } from "../ui/toasts.tsx";

type Decision =
  | { kind: "approve" }
  | { kind: "request-changes"; feedback: string }
  | { kind: "edit"; body: unknown };

const DONE: Record<Decision["kind"], string> = {
  approve: "Approved.",
  "request-changes": "Changes requested: the agent is writing a revision.",
  edit: "Your edit is saved as a new version.",
};

export function ReviewActions({ item }: { item: ReviewDetail }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [mode, setMode] = useState<"idle" | "request-changes" | "edit">("idle");
  const params = { tenantId: item.tenantId, contentId: item.contentId };
  const version = item.latestVersion;
  const mutation = useMutation({
    mutationFn: async (decision: Decision) => {
      switch (decision.kind) {
        case "approve":
          return api("POST /api/dm/v1/tenants/{tenantId}/content/{contentId}/approve", {
            params,
            body: { version },
          });
        case "request-changes":
          return api("POST /api/dm/v1/tenants/{tenantId}/content/{contentId}/request-changes", {
            params,
            body: { version, feedback: decision.feedback },
          });
        case "edit":
          return api("PUT /api/dm/v1/tenants/{tenantId}/content/{contentId}", {
            params,
            body: { version, body: decision.body as Record<string, unknown> },
          });
      }
    },
    onSuccess: (_answer, decision) => {
      setMode("idle");
      toast(DONE[decision.kind]);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["content"] }),
  });
  const actions = reviewerActions(item.status);
  const decide = (decision: Decision) => mutation.mutate(decision);

  if (mode === "request-changes") {
    return (
      <FeedbackForm
        busy={mutation.isPending}
        error={mutation.error}
        onSubmit={(feedback) => decide({ kind: "request-changes", feedback })}
        onCancel={() => setMode("idle")}
      />
    );
  }
  if (mode === "edit") {
    return (
      <BodyEditor
        body={item.versions.at(-1)?.body}
        error={mutation.error}
        busy={mutation.isPending}
        onSave={(body) => decide({ kind: "edit", body })}
        onCancel={() => setMode("idle")}
      />
    );
  }
  return (
    <div className="stack">
      <p>{statusMeaning(item.status)}</p>
      <ActionError error={mutation.error} />
      {actions.length === 0 ? (
        <p className="muted">There is nothing for a reviewer to decide on this item now.</p>
      ) : (
        <div className="row">
          {actions.includes("approve") ? (
            <Button variant="primary" busy={mutation.isPending} onClick={() => decide({ kind: "approve" })}>
              Approve version {version}
            </Button>
          ) : null}
          {actions.includes("request-changes") ? (
            <Button onClick={() => setMode("request-changes")}>Request changes</Button>
          ) : null}
          {actions.includes("edit") ? <Button onClick={() => setMode("edit")}>Edit</Button> : null}
        </div>
      )}
    </div>
  );
}
