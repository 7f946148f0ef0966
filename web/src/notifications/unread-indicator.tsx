/** The top bar's unread-notifications count, a link to them; realtime notifications refresh it. */
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
  // Only when something is unread; the side navigation always links to the notifications.
  if (count === 0) return null;
  const shown = count > 99 ? "99+" : String(count);
  return (
    <NavLink to={notificationsPath(scope)} aria-label={`${shown} unread notifications`}>
      <Badge tone="info">{shown} unread</Badge>
    </NavLink>
  );
}
