/**
 * A user's notifications, newest first: the unread count, all or only the unread ones, mark one or
 * all read, and a link to what each one is about. Tenant users and staff read their own (the scope).
 */
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import type { NotificationView } from "#shared/contracts/notifications.routes";
import { describeError } from "../api/errors.ts";
import { useApi } from "../app/session-context.tsx";
import { Button, Checkbox } from "../ui/controls.tsx";
import { Alert, Badge, QueryView } from "../ui/feedback.tsx";
import { formatDateTime } from "../ui/format.ts";
import { PageHeader } from "../ui/layout.tsx";
import { byCursor, LoadMore } from "../ui/load-more.tsx";
import { type NotificationScope, notificationCalls, notificationLink } from "./notification-scope.ts";

export function NotificationsPage({ scope }: { scope: NotificationScope }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const calls = notificationCalls(api, scope);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const query = useInfiniteQuery({
    queryKey: ["notifications", scope, { unreadOnly }],
    queryFn: ({ pageParam }) => calls.list({ cursor: pageParam, ...(unreadOnly ? { unread: true } : {}) }),
    ...byCursor,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["notifications"] });
  const markRead = useMutation({
    mutationFn: (notificationId: string) => calls.read(notificationId),
    onSuccess: refresh,
  });
  const markAll = useMutation({ mutationFn: () => calls.readAll(), onSuccess: refresh });
  const unread = query.data?.pages[0]?.unreadCount ?? 0;

  return (
    <div className="stack">
      <PageHeader
        title="Notifications"
        description={query.data ? `${unread} unread` : undefined}
        actions={
          <Button onClick={() => markAll.mutate()} busy={markAll.isPending} disabled={unread === 0}>
            Mark all read
          </Button>
        }
      />
      <Checkbox
        label="Only unread"
        checked={unreadOnly}
        onChange={(event) => setUnreadOnly(event.currentTarget.checked)}
      />
      {markAll.isError ? <Alert>{describeError(markAll.error)}</Alert> : null}
      {markRead.isError ? <Alert>{describeError(markRead.error)}</Alert> : null}
      {markAll.data && markAll.data.unreadCount > 0 ? (
        <Alert tone="info">
          Marked {markAll.data.marked} read; {markAll.data.unreadCount} more are unread. Mark all read again
          for the rest.
        </Alert>
      ) : null}
      <QueryView
        query={query}
        label="Loading notifications"
        isEmpty={(data) => data.pages.every((page) => page.items.length === 0)}
        empty={unreadOnly ? "No unread notifications." : "No notifications yet."}
      >
        {(data) => (
          <ul className="list" aria-label="Notifications">
            {data.pages
              .flatMap((page) => page.items)
              .map((item) => (
                <NotificationRow
                  key={item.id}
                  scope={scope}
                  item={item}
                  onRead={() => markRead.mutate(item.id)}
                  busy={markRead.isPending && markRead.variables === item.id}
                />
              ))}
          </ul>
        )}
      </QueryView>
      <LoadMore query={query} />
    </div>
  );
}

function NotificationRow({
  scope,
  item,
  onRead,
  busy,
}: {
  scope: NotificationScope;
  item: NotificationView;
  onRead: () => void;
  busy: boolean;
}) {
  const link = notificationLink(scope, item);
  const unread = item.readAt === undefined;
  return (
    <li className={unread ? "list-item list-item-unread" : "list-item"}>
      <div className="stack-tight">
        <div className="row">
          <strong>{item.title}</strong>
          {unread ? <Badge tone="info">Unread</Badge> : null}
        </div>
        <span>{item.summary}</span>
        <span className="muted">{formatDateTime(item.createdAt)}</span>
      </div>
      <div className="row">
        {link ? (
          <Link to={link} onClick={() => (unread ? onRead() : undefined)}>
            Open<span className="visually-hidden"> {item.title}</span>
          </Link>
        ) : null}
        {unread ? (
          <Button small onClick={onRead} busy={busy}>
            Mark read<span className="visually-hidden"> {item.title}</span>
          </Button>
        ) : null}
      </div>
    </li>
  );
}
