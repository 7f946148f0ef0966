/** The top bar's link to the notifications with the unread count; realtime notifications refresh it. */
import { useQuery } from "@tanstack/react-query";
import { NavLink } from "react-router";
import { useApi, useUser } from "../app/session-context.tsx";
import { Badge } from "../ui/feedback.tsx";
import { notificationCalls, notificationsPath, scopeOf } from "./notification-scope.ts";

export function UnreadIndicator() {
  const api = useApi();
  const scope = scopeOf(useUser().role);
  const unread = useQuery({
    queryKey: ["notifications", scope, "unread-count"],
    queryFn: () => notificationCalls(api, scope).list({ limit: 1, unread: true }),
    select: (listing) => listing.unreadCount,
  });
  const count = unread.data ?? 0;
  return (
    <NavLink
      to={notificationsPath(scope)}
      aria-label={count > 0 ? `Notifications, ${count} unread` : "Notifications"}
    >
      Notifications {count > 0 ? <Badge tone="info">{count > 99 ? "99+" : count}</Badge> : null}
    </NavLink>
  );
}
