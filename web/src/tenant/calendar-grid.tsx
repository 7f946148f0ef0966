/**
 * The calendar's grid of days (a month's weeks, or one week). It is a keyboard grid: one day is in
 * the tab order, the arrows move by day and week, Home/End to the week's ends, Page Up/Down by month.
 * A day is a drop target for an item dragged onto it, and its button picks it when an item waits
 * for a day (the keyboard's way to schedule).
 */

import { type DragEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import type { CalendarView } from "#shared/contracts/content-views";
import { Button } from "../ui/controls.tsx";
import { type DateKey, dayTitle, moveFocus, sameMonth, weekdayName } from "./calendar-dates.ts";

export type CalendarEntry = CalendarView["items"][number];

/** The drag payload's type: a content id. */
export const DRAG_TYPE = "application/x-leadmetrics-content";

export interface CalendarGridProps {
  /** What the grid shows ("December 2026"). */
  caption: string;
  weeks: readonly (readonly DateKey[])[];
  /** The month shown (days outside it are dimmed); undefined for a week. */
  month?: DateKey | undefined;
  today: DateKey;
  focused: DateKey;
  onFocus: (day: DateKey) => void;
  items: ReadonlyMap<DateKey, CalendarEntry[]>;
  /** Whether items can be dropped and days picked (tenant admins). */
  editable: boolean;
  /** An item waits for a day: pressing a day schedules it there. */
  picking: boolean;
  onPick: (day: DateKey) => void;
  onDrop: (contentId: string, day: DateKey) => void;
  onUnschedule: (entry: CalendarEntry) => void;
}

export function CalendarGrid(props: CalendarGridProps) {
  const { weeks, month, today, focused, onFocus, items, editable } = props;
  const buttons = useRef(new Map<DateKey, HTMLButtonElement>());
  const moved = useRef(false);
  const [over, setOver] = useState<DateKey | undefined>(undefined);

  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    buttons.current.get(focused)?.focus();
  }, [focused]);

  const keyDown = (event: KeyboardEvent, day: DateKey) => {
    const next = moveFocus(day, event.key);
    if (!next) return;
    event.preventDefault();
    moved.current = true;
    onFocus(next);
  };
  const drop = (event: DragEvent, day: DateKey) => {
    event.preventDefault();
    setOver(undefined);
    const contentId = event.dataTransfer.getData(DRAG_TYPE);
    if (contentId) props.onDrop(contentId, day);
  };
  const dragOver = (event: DragEvent, day: DateKey) => {
    if (!editable || !event.dataTransfer.types.includes(DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (over !== day) setOver(day);
  };

  return (
    <table className={month ? "calendar" : "calendar calendar-week"}>
      <caption className="visually-hidden">
        {props.caption}. Arrow keys move between days, Page Up and Page Down between months.
      </caption>
      <thead>
        <tr>
          {(weeks[0] ?? []).map((day) => (
            <th key={day} scope="col">
              {weekdayName(day)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]}>
            {week.map((day) => {
              const entries = items.get(day) ?? [];
              const classes = [
                month && !sameMonth(day, month) ? "outside" : "",
                day === today ? "today" : "",
                over === day ? "drop-target" : "",
              ];
              return (
                <td
                  key={day}
                  className={classes.filter(Boolean).join(" ")}
                  onDragOver={(event) => dragOver(event, day)}
                  onDragLeave={() => setOver(undefined)}
                  onDrop={(event) => drop(event, day)}
                >
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    ref={(element) => {
                      if (element) buttons.current.set(day, element);
                      else buttons.current.delete(day);
                    }}
                    tabIndex={day === focused ? 0 : -1}
                    aria-label={`${dayTitle(day)}${day === today ? " (today)" : ""}, ${entries.length} scheduled${props.picking ? ": schedule here" : ""}`}
                    aria-current={day === today ? "date" : undefined}
                    onKeyDown={(event) => keyDown(event, day)}
                    onFocus={() => day !== focused && onFocus(day)}
                    onClick={() => (props.picking ? props.onPick(day) : onFocus(day))}
                  >
                    <span className="day-number">{Number(day.slice(8))}</span>
                  </button>
                  {entries.map((entry) => (
                    <ScheduledEntry
                      key={entry.contentId}
                      entry={entry}
                      editable={editable}
                      onUnschedule={props.onUnschedule}
                    />
                  ))}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ScheduledEntry({
  entry,
  editable,
  onUnschedule,
}: {
  entry: CalendarEntry;
  editable: boolean;
  onUnschedule: (entry: CalendarEntry) => void;
}) {
  const time = new Date(entry.scheduledFor).toLocaleTimeString(undefined, { timeStyle: "short" });
  return (
    <span className="calendar-item">
      <Link
        to={`/app/content/${entry.contentId}`}
        className={editable ? "draggable" : undefined}
        draggable={editable}
        onDragStart={(event) => startDrag(event, entry.contentId)}
      >
        {entry.title}
      </Link>{" "}
      <span className="muted">{time}</span>
      {editable ? (
        <Button
          small
          variant="ghost"
          aria-label={`Unschedule ${entry.title}`}
          onClick={() => onUnschedule(entry)}
        >
          ✕
        </Button>
      ) : null}
    </span>
  );
}

/** Starts dragging an item: its id under the calendar's own type, and its link as plain text. */
export function startDrag(event: DragEvent, contentId: string): void {
  event.dataTransfer.setData(DRAG_TYPE, contentId);
  event.dataTransfer.setData("text/plain", `${location.origin}/app/content/${contentId}`);
  event.dataTransfer.effectAllowed = "move";
}
