import { PageHeader } from "../ui/layout.tsx";

export function SettingsPage() {
  return <PageHeader title="Review policy" />;
}
