/**
 * The content calendar, by month or by week. Scheduled items sit on their days (in the browser's
 * time zone); approved items wait beside it and are scheduled by dragging one onto a day, by
 * "Pick a day" then a day's button (keyboard), or by a date field. Dropping a scheduled item on
 * another day moves it.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useMemo, useState } from "react";
import { Link } from "react-router";
import { useApi, useUser } from "../app/session-context.tsx";
import { ActionError } from "../content/action-error.tsx";
import { typeLabel } from "../content/status.ts";
import { Button, TextField } from "../ui/controls.tsx";
import { Alert, QueryView } from "../ui/feedback.tsx";
import { Card, PageHeader } from "../ui/layout.tsx";
import { useToast } from "../ui/toasts.tsx";
import {
  addDays,
  addMonths,
  byDay,
  type DateKey,
  dateKeyOf,
  localTimeZone,
  monthGrid,
  monthTitle,
  rangeQuery,
  SCHEDULE_HOUR,
  scheduledFor,
  weekDays,
} from "./calendar-dates.ts";
import { type CalendarEntry, CalendarGrid, startDrag } from "./calendar-grid.tsx";

type ViewKind = "month" | "week";

export function CalendarPage() {
  const api = useApi();
  const user = useUser();
  const toast = useToast();
  const queryClient = useQueryClient();
  const zone = localTimeZone();
  const today = dateKeyOf(new Date(), zone);
  const [view, setView] = useState<ViewKind>("month");
  const [focused, setFocused] = useState<DateKey>(today);
  const [picking, setPicking] = useState<{ contentId: string; title: string } | undefined>(undefined);
  const editable = user.role === "admin";

  const weeks = useMemo(() => (view === "month" ? monthGrid(focused) : [weekDays(focused)]), [view, focused]);
  const range = rangeQuery(weeks.flat(), zone);
  const calendar = useQuery({
    queryKey: ["content", "calendar", range.from, range.to],
    queryFn: () => api("GET /api/tenant/v1/calendar", { query: range }),
    // The grid stays (and keeps its focus) while the next month loads.
    placeholderData: keepPreviousData,
  });
  const approved = useQuery({
    queryKey: ["content", "list", "approved-for-calendar"],
    queryFn: () => api("GET /api/tenant/v1/content", { query: { status: "approved", limit: 100 } }),
    enabled: editable,
  });
  const schedule = useMutation({
    mutationFn: (change: { contentId: string; day?: DateKey }) =>
      change.day
        ? api("PUT /api/tenant/v1/content/{contentId}/schedule", {
            params: { contentId: change.contentId },
            body: { scheduledFor: scheduledFor(change.day, zone) },
          })
        : api("DELETE /api/tenant/v1/content/{contentId}/schedule", {
            params: { contentId: change.contentId },
          }),
    onSuccess: (item, change) => {
      setPicking(undefined);
      toast(change.day ? `“${item.title}” is scheduled.` : `“${item.title}” is off the calendar.`);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["content"] }),
  });
  const place = (contentId: string, day: DateKey) => schedule.mutate({ contentId, day });

  const step = (direction: 1 | -1) =>
    setFocused(view === "month" ? addMonths(focused, direction) : addDays(focused, 7 * direction));
  const title =
    view === "month"
      ? monthTitle(focused)
      : `Week of ${new Date(`${weeks[0]?.[0]}T12:00:00Z`).toLocaleDateString()}`;

  return (
    <div className="stack">
      <PageHeader
        title="Calendar"
        description={`Scheduled content by day, in your time zone (${zone}).`}
        actions={
          <div className="row" role="toolbar" aria-label="Calendar view">
            <Button
              variant={view === "month" ? "primary" : "secondary"}
              aria-pressed={view === "month"}
              onClick={() => setView("month")}
            >
              Month
            </Button>
            <Button
              variant={view === "week" ? "primary" : "secondary"}
              aria-pressed={view === "week"}
              onClick={() => setView("week")}
            >
              Week
            </Button>
            <Button onClick={() => step(-1)}>{view === "month" ? "Previous month" : "Previous week"}</Button>
            <Button onClick={() => setFocused(today)}>Today</Button>
            <Button onClick={() => step(1)}>{view === "month" ? "Next month" : "Next week"}</Button>
          </div>
        }
      />
      <ActionError error={schedule.error} />
      {picking ? (
        <Alert tone="info">
          <span className="row">
            Choose a day for “{picking.title}”: press a day's button in the calendar.
            <Button small onClick={() => setPicking(undefined)}>
              Cancel
            </Button>
          </span>
        </Alert>
      ) : null}
      <div className="split">
        <Card title={title}>
          <QueryView query={calendar} label="Loading the calendar">
            {(data) => (
              <CalendarGrid
                caption={title}
                weeks={weeks}
                month={view === "month" ? focused : undefined}
                today={today}
                focused={focused}
                onFocus={setFocused}
                items={byDay(data.items, zone)}
                editable={editable}
                picking={picking !== undefined}
                onPick={(day) => picking && place(picking.contentId, day)}
                onDrop={place}
                onUnschedule={(entry: CalendarEntry) => schedule.mutate({ contentId: entry.contentId })}
              />
            )}
          </QueryView>
        </Card>
        {editable ? (
          <Card title="Ready to schedule">
            <QueryView
              query={approved}
              label="Loading approved content"
              isEmpty={(data) => data.items.length === 0}
              empty={
                <>
                  Nothing approved is waiting for a date. Approved content appears here;{" "}
                  <Link to="/app/content">see all content</Link>.
                </>
              }
            >
              {(data) => (
                <ul className="stack" aria-label="Approved content without a date">
                  {data.items.map((item) => (
                    <li key={item.contentId} className="calendar-item">
                      <ApprovedItem
                        contentId={item.contentId}
                        title={item.title}
                        type={typeLabel(item.type)}
                        busy={schedule.isPending}
                        onPick={() => setPicking({ contentId: item.contentId, title: item.title })}
                        onSchedule={(day) => place(item.contentId, day)}
                      />
                    </li>
                  ))}
                </ul>
              )}
            </QueryView>
          </Card>
        ) : (
          <Card title="Scheduling">
            <p className="muted">Only an admin of your team can schedule content.</p>
          </Card>
        )}
      </div>
    </div>
  );
}

function ApprovedItem(props: {
  contentId: string;
  title: string;
  type: string;
  busy: boolean;
  onPick: () => void;
  onSchedule: (day: DateKey) => void;
}) {
  const [day, setDay] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (day) props.onSchedule(day);
  };
  return (
    <div className="stack">
      <span>
        <Link
          to={`/app/content/${props.contentId}`}
          className="draggable"
          draggable
          onDragStart={(event) => startDrag(event, props.contentId)}
        >
          {props.title}
        </Link>{" "}
        <span className="muted">{props.type} · drag onto a day</span>
      </span>
      <form className="row" onSubmit={submit} aria-label={`Schedule ${props.title}`}>
        <TextField
          type="date"
          label={`Date for “${props.title}”`}
          hint={`Published at ${SCHEDULE_HOUR}:00 your time.`}
          value={day}
          required
          onChange={(event) => setDay(event.target.value)}
        />
        <Button type="submit" variant="primary" busy={props.busy} disabled={!day}>
          Schedule
        </Button>
        <Button onClick={props.onPick}>Pick a day</Button>
      </form>
    </div>
  );
}
