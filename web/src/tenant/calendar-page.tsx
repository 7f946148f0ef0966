import { PageHeader } from "../ui/layout.tsx";

export function CalendarPage() {
  return <PageHeader title="Calendar" />;
}
