/**
 * What a tenant admin may do with an item in its status: approve or ask for changes when it waits for
 * the tenant, edit it by hand, give an approved item a date (or take it off the calendar), archive
 * it. Every decision names the latest version, so a decision on a stale screen is refused (409
 * CONTENT.MOVED) and explained rather than applied to a version nobody read.
 */

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import type { ContentDetail } from "#shared/contracts/content-views";
import { useApi } from "../app/session-context.tsx";
import { ActionError } from "../content/action-error.tsx";
import { BodyEditor } from "../content/body-editor.tsx";
import { FeedbackForm } from "../content/feedback-form.tsx";
import { tenantActions } from "../content/status.ts";
import { Button, TextField } from "../ui/controls.tsx";
import { formatDateTime } from "../ui/format.ts";
import { useToast } from "../ui/toasts.tsx";
import { dateKeyOf, localTimeZone, SCHEDULE_HOUR, scheduledFor } from "./calendar-dates.ts";

type Mode = "idle" | "request-changes" | "edit" | "archive";

export function ContentActions({ item, isAdmin }: { item: ContentDetail; isAdmin: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [mode, setMode] = useState<Mode>("idle");
  const params = { contentId: item.contentId };
  const version = item.latestVersion;
  const mutation = useMutation({
    mutationFn: async (action: Action) => {
      switch (action.kind) {
        case "approve":
          return api("POST /api/tenant/v1/content/{contentId}/approve", { params, body: { version } });
        case "request-changes":
          return api("POST /api/tenant/v1/content/{contentId}/request-changes", {
            params,
            body: { version, feedback: action.feedback },
          });
        case "edit":
          return api("PUT /api/tenant/v1/content/{contentId}", {
            params,
            body: { version, body: action.body as Record<string, unknown> },
          });
        case "schedule":
          return api("PUT /api/tenant/v1/content/{contentId}/schedule", {
            params,
            body: { scheduledFor: action.scheduledFor },
          });
        case "unschedule":
          return api("DELETE /api/tenant/v1/content/{contentId}/schedule", { params });
        case "archive":
          return api("POST /api/tenant/v1/content/{contentId}/archive", { params });
      }
    },
    onSuccess: (_answer, action) => {
      setMode("idle");
      toast(DONE[action.kind]);
    },
    // A stale decision reloads the item too: the person sees what changed before deciding again.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["content"] }),
  });
  const actions = tenantActions(item.status, isAdmin);
  const run = (action: Action) => mutation.mutate(action);

  if (!isAdmin) {
    return <p className="muted">Only an admin of your team can approve, schedule or archive content.</p>;
  }
  if (actions.length === 0) return <p className="muted">There is nothing to decide on this item now.</p>;
  if (mode === "request-changes") {
    return (
      <FeedbackForm
        busy={mutation.isPending}
        error={mutation.error}
        onSubmit={(feedback) => run({ kind: "request-changes", feedback })}
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
        onSave={(body) => run({ kind: "edit", body })}
        onCancel={() => setMode("idle")}
      />
    );
  }
  return (
    <div className="stack">
      <ActionError error={mutation.error} />
      {mode === "archive" ? (
        <div className="row">
          <span>Archive this item? It leaves the calendar and can no longer be decided on.</span>
          <Button variant="danger" busy={mutation.isPending} onClick={() => run({ kind: "archive" })}>
            Yes, archive
          </Button>
          <Button onClick={() => setMode("idle")}>Keep it</Button>
        </div>
      ) : null}
      <div className="row">
        {actions.includes("approve") ? (
          <Button variant="primary" busy={mutation.isPending} onClick={() => run({ kind: "approve" })}>
            Approve
          </Button>
        ) : null}
        {actions.includes("request-changes") ? (
          <Button onClick={() => setMode("request-changes")}>Request changes</Button>
        ) : null}
        {actions.includes("edit") ? <Button onClick={() => setMode("edit")}>Edit</Button> : null}
        {actions.includes("unschedule") ? (
          <Button busy={mutation.isPending} onClick={() => run({ kind: "unschedule" })}>
            Unschedule
          </Button>
        ) : null}
        {actions.includes("archive") && mode !== "archive" ? (
          <Button variant="ghost" onClick={() => setMode("archive")}>
            Archive
          </Button>
        ) : null}
      </div>
      {actions.includes("schedule") ? (
        <ScheduleForm
          current={item.scheduledFor}
          busy={mutation.isPending}
          onSchedule={(when) => run({ kind: "schedule", scheduledFor: when })}
        />
      ) : null}
    </div>
  );
}

type Action =
  | { kind: "approve" }
  | { kind: "request-changes"; feedback: string }
  | { kind: "edit"; body: unknown }
  | { kind: "schedule"; scheduledFor: string }
  | { kind: "unschedule" }
  | { kind: "archive" };

const DONE: Record<Action["kind"], string> = {
  approve: "Approved.",
  "request-changes": "Changes requested: the agent is writing a revision.",
  edit: "Your edit is saved as a new version.",
  schedule: "Scheduled.",
  unschedule: "Taken off the calendar.",
  archive: "Archived.",
};

function ScheduleForm({
  current,
  busy,
  onSchedule,
}: {
  current: string | undefined;
  busy: boolean;
  onSchedule: (scheduledFor: string) => void;
}) {
  const zone = localTimeZone();
  const [day, setDay] = useState(current ? dateKeyOf(current, zone) : "");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (day) onSchedule(scheduledFor(day, zone));
  };
  return (
    <form className="row" onSubmit={submit} aria-label="Schedule">
      <TextField
        type="date"
        label={current ? "Move to another day" : "Publish on"}
        hint={
          current
            ? `Scheduled for ${formatDateTime(current)}.`
            : `At ${SCHEDULE_HOUR}:00 your time. You can also drag it onto a day of the calendar.`
        }
        value={day}
        required
        onChange={(event) => setDay(event.target.value)}
      />
      <Button type="submit" variant="primary" busy={busy} disabled={!day}>
        {current ? "Reschedule" : "Schedule"}
      </Button>
      <Link to="/app/calendar">Open the calendar</Link>
    </form>
  );
}
