/** The signed-in frame: skip link, side navigation by role, top bar with the account menu. */
import { NavLink, Outlet } from "react-router";
import { UnreadIndicator } from "../notifications/unread-indicator.tsx";
import { Button } from "../ui/controls.tsx";
import { Badge } from "../ui/feedback.tsx";
import { homeOf, navigationOf } from "./navigation.ts";
import { useRealtimeStatus } from "./realtime-context.tsx";
import { useSessionActions, useUser } from "./session-context.tsx";

const ROLE_NAMES = {
  member: "Member",
  admin: "Admin",
  reviewer: "Reviewer",
  super_admin: "Super-admin",
} as const;

export function Shell() {
  const user = useUser();
  const { signOut } = useSessionActions();
  const live = useRealtimeStatus();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="shell-nav" aria-label="Main">
        <NavLink className="brand" to={homeOf(user)}>
          Leadmetrics
        </NavLink>
        {navigationOf(user).map((section) => (
          <div key={section.title}>
            <div className="nav-section" aria-hidden="true">
              {section.title}
            </div>
            <ul aria-label={section.title}>
              {section.items.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.to.split("/").length <= 2}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <div className="shell-main">
        <header className="topbar">
          <span role="status" aria-label={`Live updates ${live === "open" ? "connected" : "reconnecting"}`}>
            <Badge tone={live === "open" ? "success" : "warning"}>
              {live === "open" ? "Live" : "Reconnecting"}
            </Badge>
          </span>
          <UnreadIndicator />
          <span>
            {user.name} <span className="muted">· {ROLE_NAMES[user.role]}</span>
          </span>
          <NavLink to="/account">Account</NavLink>
          <Button small onClick={() => void signOut()}>
            Sign out
          </Button>
        </header>
        <main id="main" className="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
