import { PageHeader } from "../ui/layout.tsx";

export function NotificationsPage(_: { scope: "tenant" | "staff" }) {
  return <PageHeader title="Notifications" />;
}
