/** What each role finds in the side navigation; the role bundles serve these paths. */
import type { SessionUser } from "../api/session.ts";

export interface NavItem {
  to: string;
  label: string;
  /** Only tenant admins (the rest of the tenant's users do not see it). */
  adminOnly?: boolean;
}

export interface NavSection {
  title: string;
  items: readonly NavItem[];
}

const TENANT: readonly NavSection[] = [
  {
    title: "Marketing",
    items: [
      { to: "/app", label: "Dashboard" },
      { to: "/app/agents", label: "Agents" },
      { to: "/app/runs", label: "Runs" },
      { to: "/app/content", label: "Content" },
      { to: "/app/calendar", label: "Calendar" },
      { to: "/app/brand", label: "Brand & voice" },
      { to: "/app/knowledge", label: "Knowledge" },
      { to: "/app/search", label: "Search" },
    ],
  },
  {
    title: "Account",
    items: [
      { to: "/app/notifications", label: "Notifications" },
      { to: "/app/credits", label: "Credits" },
      { to: "/app/users", label: "Team", adminOnly: true },
      { to: "/app/settings", label: "Review policy", adminOnly: true },
    ],
  },
];

const REVIEWER: readonly NavSection[] = [
  {
    title: "Review",
    items: [
      { to: "/review", label: "Review queue" },
      { to: "/review/search", label: "Search" },
      { to: "/review/notifications", label: "Notifications" },
    ],
  },
];

const SUPER_ADMIN: readonly NavSection[] = [
  {
    title: "Platform",
    items: [
      { to: "/admin/tenants", label: "Tenants" },
      { to: "/admin/staff", label: "Staff" },
      { to: "/admin/audit", label: "Audit log" },
      { to: "/admin/operations", label: "Operations" },
    ],
  },
  ...REVIEWER,
];

/** Where a user lands after signing in. */
export function homeOf(user: Pick<SessionUser, "role">): string {
  switch (user.role) {
    case "super_admin":
      return "/admin/tenants";
    case "reviewer":
      return "/review";
    default:
      return "/app";
  }
}

export function navigationOf(user: Pick<SessionUser, "role">): readonly NavSection[] {
  switch (user.role) {
    case "super_admin":
      return SUPER_ADMIN;
    case "reviewer":
      return REVIEWER;
    case "admin":
      return TENANT;
    default:
      return TENANT.map((section) => ({
        ...section,
        items: section.items.filter((item) => !item.adminOnly),
      }));
  }
}
